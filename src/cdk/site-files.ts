import { AssetHashType, Stack, aws_s3 as s3, aws_s3_deployment as s3deploy } from 'aws-cdk-lib';
import { Construct, type IConstruct } from 'constructs';
import type { SiteFilesDesign } from '../design';
import { fail } from '../fail';

/**
 * A site's files (`Sites/<key>/Files/<group>`): one BucketDeployment per group of the design (files of one content
 * type and Cache-Control), all unpacking the same asset, the source directory, whose hash is the design's digest
 * (so the template names exactly the files the design lists). Each deployment includes its group's paths only;
 * nothing is pruned, the objects are kept when a deployment is removed, nothing is invalidated (design/site-files.ts).
 */
export class SiteFiles extends Construct {
  readonly deployments: s3deploy.BucketDeployment[] = [];

  constructor(scope: Construct, id: string, props: { design: SiteFilesDesign; bucket: s3.IBucket }) {
    super(scope, id);
    const d = props.design;
    const source = s3deploy.Source.asset(d.source, { assetHash: d.digest, assetHashType: AssetHashType.CUSTOM });
    for (const g of d.groups) {
      // The stack's one handler (a singleton) takes the AWS CLI layer of the deployment that created it; every later
      // deployment makes a layer of its own that nothing would name: removed.
      const handlerBefore = uploadHandlerOf(Stack.of(this));
      const deployment = new s3deploy.BucketDeployment(this, g.id, {
        sources: [source],
        destinationBucket: props.bucket,
        exclude: ['*'],
        include: g.paths,
        prune: d.prune,
        retainOnDelete: true,
        contentType: g.contentType,
        cacheControl: [s3deploy.CacheControl.fromString(g.cacheControl)],
      });
      if (handlerBefore && !deployment.node.tryRemoveChild('AwsCliLayer')) fail(`site files ${g.id}: no AWS CLI layer to remove`);
      this.deployments.push(deployment);
    }
  }
}

/** The stack's BucketDeployment handler (a singleton function at the stack's root), if a site has files. */
export function uploadHandlerOf(stack: Stack): IConstruct | undefined {
  return stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
}
