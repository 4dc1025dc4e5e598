import type { StackValidationPolicy } from '@pulumi/policy';
import { REST_LOGS_ACTIONS } from '../../design/rest-api-logs';
import { list, named, ofType, refersTo, statements } from '../resources';

/**
 * AWS managed policies that may be attached, each because no scoped policy can do its job: AWS Backup's
 * service-role policies, which AWS extends as Backup supports more resource types; AWS Config's recorder
 * role policy (AWS_ConfigRole), AWS's documented policy for it, which AWS extends as Config records more
 * resource types (a scoped copy would silently stop recording new ones); RDS enhanced monitoring's role
 * policy (AmazonRDSEnhancedMonitoringRole), AWS's policy for the role RDS assumes to publish OS metrics,
 * which writes only to the RDSOSMetrics log group.
 */
export const ALLOWED_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'service-role/AWSBackupServiceRolePolicyForS3Backup',
  'service-role/AWSBackupServiceRolePolicyForS3Restore',
  'service-role/AWS_ConfigRole',
  'service-role/AmazonRDSEnhancedMonitoringRole',
];

/**
 * The wildcards that stay inside one named resource: the objects of one bucket (arn:aws:s3:::reports/*),
 * or under one prefix of it (arn:aws:s3:::audit-logs/config/AWSLogs/123456789012/*), the indexes of one
 * table (arn:aws:dynamodb:…:table/orders/index/*) and the streams of one log group
 * (arn:aws:logs:…:log-group:trail:log-stream:*, or arn:aws:logs:…:log-group:trail:*).
 */
const SCOPED = [
  /^arn:[a-z-]+:s3:[^:]*:[^:]*:[^/*]+(\/[^*]+)?\/\*$/,
  /^arn:[a-z-]+:dynamodb:[^:]*:[^:]*:(table\/)?[^/*]+\/index\/\*$/,
  /^arn:[a-z-]+:logs:[^:]*:[^:]*:log-group:[^:*]+:log-stream:\*$/,
  /^arn:[a-z-]+:logs:[^:]*:[^:]*:log-group:[^:*]+:\*$/,
];

/**
 * Actions IAM accepts on "*" only (they name no resource): X-Ray's trace uploads, and what Lambda needs to
 * attach a function to the VPC (AWSLambdaVPCAccessExecutionRole's actions). A statement of nothing else may be on "*".
 */
export const RESOURCELESS_ACTIONS = [
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'ec2:AssignPrivateIpAddresses',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:UnassignPrivateIpAddresses',
];

/**
 * API Gateway's account-wide CloudWatch role (the role an aws.apigateway.Account names) writes the execution logs
 * of every REST API of the account and region, whose names (API-Gateway-Execution-Logs_<api id>/<stage>) exist
 * only once the APIs do, other stacks' too: it may do what AmazonAPIGatewayPushToCloudWatchLogs allows on the
 * log groups of its account and region, and nothing else.
 */
const ACCOUNT_LOG_GROUPS = /^arn:[a-z-]+:logs:[a-z0-9-]+:\d{12}:\*$/;

/** A resource is a wildcard when it holds a "*" other than those. */
export const wildcardResource = (resource: string): boolean => resource.includes('*') && !SCOPED.some((p) => p.test(resource));

/**
 * Least privilege: inline policies name actions (never "*" or "service:*") and resources (never "*", but for
 * actions that name none, or a wildcard beyond one named resource's objects or indexes); no AWS managed policy but the allowed ones.
 */
export const noWildcardIam: StackValidationPolicy = {
  name: 'no-wildcard-iam',
  description: 'IAM policies allow named actions on named resources; no AWS managed policies but AWS Backup\'s service-role policies, AWS Config\'s recorder role policy and RDS enhanced monitoring\'s role policy.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const accountRoles = ofType(resources, 'aws:iam/role:Role').filter((role) => ofType(resources, 'aws:apigateway/account:Account').some((a) => refersTo(a, 'cloudwatchRoleArn', role)));
    for (const p of [...ofType(resources, 'aws:iam/rolePolicy:RolePolicy'), ...ofType(resources, 'aws:iam/policy:Policy')]) {
      const accountRole = accountRoles.some((role) => refersTo(p, 'role', role));
      for (const s of statements(p.props.policy).filter((x) => x.Effect === 'Allow')) {
        if (accountRole && list(s.Action).every((x) => REST_LOGS_ACTIONS.includes(x)) && list(s.Resource).every((x) => typeof x === 'string' && ACCOUNT_LOG_GROUPS.test(x))) continue;
        for (const a of list(s.Action).filter((x) => x === '*' || x.endsWith(':*'))) report(`${named(p)} allows every action (${a})`, p.urn);
        const resourceless = list(s.Action).every((x) => RESOURCELESS_ACTIONS.includes(x));
        for (const r of list(s.Resource).filter((x) => typeof x === 'string' && wildcardResource(x) && !(resourceless && x === '*'))) report(`${named(p)} allows ${list(s.Action).join(', ')} on a wildcard resource (${r})`, p.urn);
      }
    }
    for (const a of ofType(resources, 'aws:iam/rolePolicyAttachment:RolePolicyAttachment')) {
      const arn = String(a.props.policyArn ?? '');
      const managed = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/.exec(arn);
      if (managed && !ALLOWED_MANAGED_POLICIES.includes(managed[1])) report(`${named(a)} attaches the AWS managed policy ${managed[1]}: write a policy scoped to what the role needs`, a.urn);
    }
  },
};
