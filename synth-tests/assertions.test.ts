import { Match } from 'aws-cdk-lib/assertions';
import { BLUEPRINTS, FIXTURES, synth } from './support';

/* Each derived decision of the reference blueprints, asserted on the synthesized template. */

describe('web-app (availability 99.95, peak 600 rps, p99 400 ms, TLS)', () => {
  const { assertions: t } = synth('blueprints/web-app.yaml');

  test('network: one VPC over 3 AZs with public, private and isolated subnets', () => {
    t.resourceCountIs('AWS::EC2::VPC', 1);
    t.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.20.0.0/16' });
    t.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const az of ['us-east-1a', 'us-east-1b', 'us-east-1c']) {
      // Public subnets assign no public address on launch (NAT gateways and the load balancer have their own).
      t.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: az, CidrBlock: '10.20.' + { 'us-east-1a': 0, 'us-east-1b': 1, 'us-east-1c': 2 }[az] + '.0/24', MapPublicIpOnLaunch: false });
      t.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: az, CidrBlock: Match.stringLikeRegexp('/20$'), MapPublicIpOnLaunch: false });
    }
  });

  test('network: a NAT gateway per AZ (availability >= 99.9) and flow logs of all traffic', () => {
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
  });

  test('load balancing: one shared internet-facing ALB with HTTPS (TLS 1.2+) and an HTTP redirect', () => {
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'idle_timeout.timeout_seconds', Value: '60' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
      ]),
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      DefaultActions: [Match.objectLike({ Type: 'fixed-response', FixedResponseConfig: Match.objectLike({ StatusCode: '404' }) })],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) })],
    });
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'shop.example.com', ValidationMethod: 'DNS' });
  });

  test('load balancing: web is routed by host; the internal api has no target group', () => {
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['shop.example.com'] } }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      TargetType: 'ip',
      Port: 8080,
    });
  });

  test('compute: Fargate arm64 services with circuit breaker rollback, in private subnets', () => {
    t.resourceCountIs('AWS::ECS::Service', 2);
    t.resourceCountIs('AWS::ECS::Cluster', 1);
    t.allResourcesProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MaximumPercent: 200, MinimumHealthyPercent: 100 },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      DesiredCount: Match.absent(),
    });
    t.allResourcesProperties('AWS::ECS::TaskDefinition', { RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' } });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '512', Memory: '1024' });
    t.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '2048' });
    t.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 30 });
  });

  test('compute: the api is reachable by name from web only (Service Connect + one security-group rule)', () => {
    t.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
    t.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'web-app.internal' });
    t.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true, Services: [{ PortName: 'http', ClientAliases: [{ DnsName: 'api', Port: 8080 }] }] }),
    });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { Description: 'From service web', FromPort: 8080, ToPort: 8080 });
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 3); // LB -> web, web -> api, api -> orders (below)
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Image: 'public.ecr.aws/nginx/nginx:1.27', Environment: [{ Name: 'API_URL', Value: 'http://api:8080' }] })],
    });
  });

  test('data: an Aurora PostgreSQL cluster with a reader, reached from api only, its credentials as ECS secrets', () => {
    t.hasResourceProperties('AWS::RDS::DBCluster', { Engine: 'aurora-postgresql', EngineVersion: '16.6', ManageMasterUserPassword: true, StorageEncrypted: true, DeletionProtection: true });
    t.resourceCountIs('AWS::RDS::DBInstance', 2); // writer and one reader at 99.95 %
    t.hasResourceProperties('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.large', PubliclyAccessible: false });
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' });
    const api = Object.values(t.findResources('AWS::ECS::TaskDefinition')).find((r) => JSON.stringify(r).includes('httpd'))!;
    const container = (api.Properties.ContainerDefinitions as { Environment: { Name: string }[]; Secrets: { Name: string }[] }[])[0];
    expect(container.Environment.map((e) => e.Name).sort()).toEqual(['ORDERS_DATABASE', 'ORDERS_HOST', 'ORDERS_PORT']);
    expect(container.Secrets.map((e) => e.Name).sort()).toEqual(['ORDERS_PASSWORD', 'ORDERS_USERNAME']);
    t.resourceCountIs('AWS::Backup::BackupPlan', 1);
  });

  test('scaling: min one task per AZ, max from peak_rps, CPU and request-count target tracking', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 8 }); // web: 600 / 80 -> 8
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 6 }); // api: 600 / 120 = 5 < 2 x 3
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 60 }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 55 }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 4800,
      }),
    });
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 3);
  });

  test('observability: error-budget burn alarms from the 99.95 % SLO', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.72,
      EvaluationPeriods: 1,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: '100 * (FILL(target5xx, 0) + FILL(lb5xx, 0)) / FILL(requests, 1)' })]),
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.3,
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Period: 21600, Stat: 'Sum' }) })]),
    });
  });

  test('observability: p99 latency, unhealthy targets and saturation alarms notify the topic', () => {
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p99', Threshold: 0.4, EvaluationPeriods: 3 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'CPUUtilization', Namespace: 'AWS/ECS', Threshold: 85 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'MemoryUtilization', Namespace: 'AWS/ECS', Threshold: 85 });
    // 2 burn + web (latency, unhealthy, cpu, memory) + api (cpu, memory) + orders (writer and reader CPU, replica lag)
    t.resourceCountIs('AWS::CloudWatch::Alarm', 11);
    t.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }], OKActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }] });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('observability: every log group keeps the written 90 days', () => {
    t.resourceCountIs('AWS::Logs::LogGroup', 4); // flow logs + 2 services + the audit trail's
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('tags from deployment.tags reach taggable resources', () => {
    t.hasResourceProperties('AWS::ECS::Service', { Tags: Match.arrayWith([{ Key: 'blueprint', Value: 'web-app' }, { Key: 'team', Value: 'commerce' }]) });
  });
});

describe('starter (availability 99.5, no TLS, no peak_rps)', () => {
  const { assertions: t } = synth('blueprints/starter.yaml');

  test('two AZs and one shared NAT gateway', () => {
    t.resourceCountIs('AWS::EC2::Subnet', 6);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('plain HTTP listener forwarding to the only service by default', () => {
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'forward' })] });
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
  });

  test('one task minimum, 2 x min maximum, no Service Connect namespace', () => {
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 2 });
    t.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 0);
    t.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512' });
  });

  test('30-day logs, no latency alarm without a latency objective, no subscribers', () => {
    t.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 5); // 2 burn + unhealthy + cpu + memory
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 7.2 }); // 14.4 x (100 - 99.5)
  });
});

describe('no-nat fixture (network.nat: none)', () => {
  const { assertions: t } = synth('synth-tests/fixtures/no-nat.yaml');

  test('no NAT gateways and no private tier: public and isolated subnets only', () => {
    t.resourceCountIs('AWS::EC2::NatGateway', 0);
    t.resourceCountIs('AWS::EC2::Subnet', 4);
    t.resourceCountIs('AWS::EC2::EIP', 0);
  });

  test('tasks run in the public subnets with public IPs, reachable only from the load balancer', () => {
    t.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED', Subnets: [{ Ref: Match.stringLikeRegexp('publicSubnet1') }, { Ref: Match.stringLikeRegexp('publicSubnet2') }] }) },
    });
    t.resourceCountIs('AWS::EC2::SecurityGroupIngress', 1);
    t.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 80, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('LoadBalancingSecurityGroup'), 'GroupId'] } });
  });
});

describe.each([...BLUEPRINTS, ...FIXTURES])('%s: the designed subnet blocks are the ones CDK allocates', (file) => {
  test('every subnet has the designed AZ and CIDR', () => {
    const { template, design } = synth(file);
    const actual = Object.values(template.Resources as Record<string, { Type: string; Properties: Record<string, string> }>)
      .filter((r) => r.Type === 'AWS::EC2::Subnet')
      .map((r) => `${r.Properties.AvailabilityZone} ${r.Properties.CidrBlock}`)
      .sort();
    const designed = design.network.subnets.flatMap((s) => s.cidrs.map((c, i) => `${design.network.availabilityZones[i]} ${c}`)).sort();
    expect(actual).toEqual(designed);
  });
});
