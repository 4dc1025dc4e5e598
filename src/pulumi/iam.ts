/** A trust policy that lets one AWS service assume a role. */
export function assumeRolePolicy(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * What IAM database authentication grants rds-db:connect on: one database user of an RDS instance
 * (its DbiResourceId) or Aurora cluster (its ClusterResourceId). Partition, region and account come
 * from the database's own ARN, so no lookup of the caller is needed.
 */
export function dbuserArn(databaseArn: string, resourceId: string, username: string): string {
  const [, partition, , region, account] = databaseArn.split(':');
  return `arn:${partition}:rds-db:${region}:${account}:dbuser:${resourceId}/${username}`;
}
