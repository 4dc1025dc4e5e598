/*
 * The CloudFormation resource types the inventory knows: those the readers
 * turn into entries (or consult to name them), and those deliberately
 * skipped, each with its reason. Any other type in a template throws.
 */

export const T = {
  // static sites (tagged blueprint:site): distribution, Origin Access Control, response headers policy (a requested certificate is `certificate`)
  distribution: 'AWS::CloudFront::Distribution',
  originAccessControl: 'AWS::CloudFront::OriginAccessControl',
  responseHeadersPolicy: 'AWS::CloudFront::ResponseHeadersPolicy',
  // network
  vpc: 'AWS::EC2::VPC',
  subnet: 'AWS::EC2::Subnet',
  routeTable: 'AWS::EC2::RouteTable',
  vpcEndpoint: 'AWS::EC2::VPCEndpoint',
  association: 'AWS::EC2::SubnetRouteTableAssociation',
  route: 'AWS::EC2::Route',
  igw: 'AWS::EC2::InternetGateway',
  // an internet gateway's or a VPN gateway's attachment to the VPC
  igwAttachment: 'AWS::EC2::VPCGatewayAttachment',
  nat: 'AWS::EC2::NatGateway',
  flowLog: 'AWS::EC2::FlowLog',
  restrictDefaultSg: 'Custom::VpcRestrictDefaultSG',
  // a static site's files: aws-cdk-lib's BucketDeployment, one per group of files (SiteInventory.files)
  siteUpload: 'Custom::CDKBucketDeployment',
  // the blueprint's functions (tagged blueprint:function), and the providers of custom resources (plumbing)
  lambda: 'AWS::Lambda::Function',
  // a function's queue trigger and its asynchronous retries (functions[].queue, functions[].asyncRetries)
  eventSourceMapping: 'AWS::Lambda::EventSourceMapping',
  eventInvokeConfig: 'AWS::Lambda::EventInvokeConfig',
  // a function's alias (functions[].alias, with its provisioned concurrency) and the version it names
  lambdaAlias: 'AWS::Lambda::Alias',
  lambdaVersion: 'AWS::Lambda::Version',
  securityGroup: 'AWS::EC2::SecurityGroup',
  ingress: 'AWS::EC2::SecurityGroupIngress',
  egress: 'AWS::EC2::SecurityGroupEgress',
  // network.vpn: the customer gateway, the VPN gateway, the connection, its static routes and the gateway's route propagation
  customerGateway: 'AWS::EC2::CustomerGateway',
  vpnGateway: 'AWS::EC2::VPNGateway',
  vpnConnection: 'AWS::EC2::VPNConnection',
  vpnConnectionRoute: 'AWS::EC2::VPNConnectionRoute',
  vpnPropagation: 'AWS::EC2::VPNGatewayRoutePropagation',
  // load balancing
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  webAcl: 'AWS::WAFv2::WebACL',
  budget: 'AWS::Budgets::Budget',
  webAclAssociation: 'AWS::WAFv2::WebACLAssociation',
  listener: 'AWS::ElasticLoadBalancingV2::Listener',
  listenerRule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  targetGroup: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  certificate: 'AWS::CertificateManager::Certificate',
  apiDomain: 'AWS::ApiGatewayV2::DomainName',
  apiMapping: 'AWS::ApiGatewayV2::ApiMapping',
  dnsRecord: 'AWS::Route53::RecordSet',
  healthCheck: 'AWS::Route53::HealthCheck',
  // apis: each HTTP API, its stage, JWT authorizer, Lambda proxy integrations and routes, and the Lambda
  // permissions that let it invoke the functions (apis[].permissions; any other Lambda permission throws)
  api: 'AWS::ApiGatewayV2::Api',
  apiStage: 'AWS::ApiGatewayV2::Stage',
  apiAuthorizer: 'AWS::ApiGatewayV2::Authorizer',
  apiIntegration: 'AWS::ApiGatewayV2::Integration',
  apiRoute: 'AWS::ApiGatewayV2::Route',
  // an API's VPC link to the load balancer's listener (routes to container services), by its Name "<blueprint>-<key>"
  vpcLink: 'AWS::ApiGatewayV2::VpcLink',
  lambdaPermission: 'AWS::Lambda::Permission',
  // restApis: each REST API, its resources, validators, models, Cognito authorizers, methods (with their Lambda
  // proxy integrations), deployment, stage, usage plans and keys, custom domain and base path mapping; API
  // Gateway's account settings (restApiAccount)
  restApi: 'AWS::ApiGateway::RestApi',
  restResource: 'AWS::ApiGateway::Resource',
  restMethod: 'AWS::ApiGateway::Method',
  restValidator: 'AWS::ApiGateway::RequestValidator',
  restModel: 'AWS::ApiGateway::Model',
  restAuthorizer: 'AWS::ApiGateway::Authorizer',
  restDeployment: 'AWS::ApiGateway::Deployment',
  restStage: 'AWS::ApiGateway::Stage',
  usagePlan: 'AWS::ApiGateway::UsagePlan',
  apiKey: 'AWS::ApiGateway::ApiKey',
  usagePlanKey: 'AWS::ApiGateway::UsagePlanKey',
  restDomain: 'AWS::ApiGateway::DomainName',
  restBasePathMapping: 'AWS::ApiGateway::BasePathMapping',
  apigwAccount: 'AWS::ApiGateway::Account',
  restGatewayResponse: 'AWS::ApiGateway::GatewayResponse',
  // graphqlApis: each AppSync API, its schema, data sources and resolvers; userPools: each pool and its client
  graphqlApi: 'AWS::AppSync::GraphQLApi',
  graphqlSchema: 'AWS::AppSync::GraphQLSchema',
  graphqlDataSource: 'AWS::AppSync::DataSource',
  graphqlResolver: 'AWS::AppSync::Resolver',
  graphqlDomain: 'AWS::AppSync::DomainName',
  graphqlDomainAssociation: 'AWS::AppSync::DomainNameApiAssociation',
  userPool: 'AWS::Cognito::UserPool',
  userPoolClient: 'AWS::Cognito::UserPoolClient',
  // compute and scaling
  cluster: 'AWS::ECS::Cluster',
  // the cluster's capacity providers (FARGATE, FARGATE_SPOT), for services placed by a capacity provider strategy
  capacityProviderAssociations: 'AWS::ECS::ClusterCapacityProviderAssociations',
  taskDefinition: 'AWS::ECS::TaskDefinition',
  service: 'AWS::ECS::Service',
  httpNamespace: 'AWS::ServiceDiscovery::HttpNamespace',
  // an ECS service's desired count, or a DynamoDB table's or index's read or write capacity (scaling.ts classifies each)
  scalableTarget: 'AWS::ApplicationAutoScaling::ScalableTarget',
  // target tracking and step scaling; a step policy is named in the actions of the alarm that invokes it
  scalingPolicy: 'AWS::ApplicationAutoScaling::ScalingPolicy',
  // scheduled jobs and functions: their schedules (an ECS task or a function as target), the stack's schedule group, and the rule of each job's failed runs
  schedule: 'AWS::Scheduler::Schedule',
  scheduleGroup: 'AWS::Scheduler::ScheduleGroup',
  eventRule: 'AWS::Events::Rule',
  // observability
  logGroup: 'AWS::Logs::LogGroup',
  alarm: 'AWS::CloudWatch::Alarm',
  dashboard: 'AWS::CloudWatch::Dashboard',
  subscription: 'AWS::SNS::Subscription',
  // data: buckets, queues, tables, topics (the alarm topic among them) and their resource policies
  bucket: 'AWS::S3::Bucket',
  bucketPolicy: 'AWS::S3::BucketPolicy',
  queue: 'AWS::SQS::Queue',
  queuePolicy: 'AWS::SQS::QueuePolicy',
  topic: 'AWS::SNS::Topic',
  topicPolicy: 'AWS::SNS::TopicPolicy',
  table: 'AWS::DynamoDB::Table',
  // a replicated table (TableV2): it creates and manages its replicas in other regions, read as a table with replicaRegions
  globalTable: 'AWS::DynamoDB::GlobalTable',
  // data: databases (RDS instances, Aurora clusters and their instances) and caches, their subnet groups and AUTH tokens
  dbInstance: 'AWS::RDS::DBInstance',
  dbCluster: 'AWS::RDS::DBCluster',
  dbSubnetGroup: 'AWS::RDS::DBSubnetGroup',
  dbParameterGroup: 'AWS::RDS::DBParameterGroup',
  dbClusterParameterGroup: 'AWS::RDS::DBClusterParameterGroup',
  replicationGroup: 'AWS::ElastiCache::ReplicationGroup',
  cacheSubnetGroup: 'AWS::ElastiCache::SubnetGroup',
  secret: 'AWS::SecretsManager::Secret',
  // a database's generated admin secret: attached to its cluster, rotated by a hosted rotation function (the
  // AWS::SecretsManager transform deploys it), kept from deletion while rotation is on (its resource policy)
  secretAttachment: 'AWS::SecretsManager::SecretTargetAttachment',
  rotationSchedule: 'AWS::SecretsManager::RotationSchedule',
  secretPolicy: 'AWS::SecretsManager::ResourcePolicy',
  // an Aurora global database, created from the primary stack's cluster
  globalCluster: 'AWS::RDS::GlobalCluster',
  // a standby's lookup of the complete ARN of a replica secret (SecretsManager DescribeSecret), by the secret's name
  awsCall: 'Custom::AWS',
  backupVault: 'AWS::Backup::BackupVault',
  backupPlan: 'AWS::Backup::BackupPlan',
  backupSelection: 'AWS::Backup::BackupSelection',
  // security.audit: the trail, the GuardDuty detector, Security Hub and its standards, the Config recorder and delivery channel
  trail: 'AWS::CloudTrail::Trail',
  detector: 'AWS::GuardDuty::Detector',
  securityHub: 'AWS::SecurityHub::Hub',
  securityHubStandard: 'AWS::SecurityHub::Standard',
  configRecorder: 'AWS::Config::ConfigurationRecorder',
  deliveryChannel: 'AWS::Config::DeliveryChannel',
  // security.key: the stack's customer-managed key and its alias ("key" wherever referenced)
  kmsKey: 'AWS::KMS::Key',
  kmsAlias: 'AWS::KMS::Alias',
  // a web ACL's request logging into a log group of the stack (webAcls[].logging; the log group's owner "web-acl")
  wafLogging: 'AWS::WAFv2::LoggingConfiguration',
} as const;

/**
 * Resource types with no entry of their own in the inventory, and why. Every
 * other type must be read into the inventory, or the reader throws.
 */
export const SKIPPED_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::Lambda::LayerVersion': "the AWS CLI layer of the sites' upload handler (BucketDeployment's plumbing): the upload itself is read from Custom::CDKBucketDeployment",
  'AWS::IAM::Role':
    "identity, not capability: a service has roles.task / roles.execution; a task role is read for its policies (services[].permissions, jobs[].permissions), an execution role for what it may do beyond pulling images and writing logs (executionPermissions: the secrets it reads, and the stack's key that decrypts them), a function's execution role for its policies (functions[].permissions), a scheduler role for its actions (jobs[].schedule.schedulerActions) or, a function's, its permissions (functions[].schedule.schedulerPermissions), a bucket's replication role for its trust and policies (buckets[].replication.rolePermissions), a database's enhanced-monitoring role for its trust and AWS managed policies (databases[].monitoring), API Gateway's account role for what it may do (restApiAccount), other roles (flow logs, custom-resource providers, the trail's log role, the Config recorder's role) are plumbing",
  'AWS::IAM::Policy':
    "read when attached to a service's or job's task role (permissions, resources named by store), to its execution role (executionPermissions; its image-pull and log statements are plumbing), to a function's execution role (functions[].permissions, every statement), to a job's scheduler role (schedulerActions, scoped to the job's task definition and roles), to a function's scheduler role (functions[].schedule.schedulerPermissions, on function:<key>) or to a bucket's replication role (rolePermissions); flow logs', custom-resource providers', the trail's log role's and the Config recorder role's policies are plumbing, not the application's access (a database's enhanced-monitoring role may have none)",
  'AWS::EC2::EIP': "a NAT gateway's public address; the NAT gateway itself is in network.natGateways",
  [T.igwAttachment]: 'read only to check that the internet gateway (network.internetGateway) and the VPN gateway (network.vpn) are attached to the VPC',
  [T.routeTable]: 'read only to classify subnets (tier) and network.privateRoutes; every route table must be associated',
  [T.association]: 'read only to find each subnet\'s route table (tier)',
  [T.route]: 'read only to classify subnets (0.0.0.0/0 to an internet gateway: public, to a NAT gateway: private); other destinations throw',
  'AWS::CDK::Metadata': "CDK's version analytics, not infrastructure",
};

/** Types the reader turns into inventory entries (or consults to name them). */
export const READ_TYPES = new Set<string>(Object.values(T));
