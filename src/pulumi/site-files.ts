import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { SiteFilesDesign } from '../design';

/**
 * A site's files as the design says (mirrors src/cdk/site-files.ts): one aws.s3.BucketObjectv2 per file, in path
 * order, named `<site prefix>-file-<path>`, with the design's content type and Cache-Control, its SHA-256 as the
 * source hash (a changed file is uploaded again), and kept in the bucket when it leaves the source
 * (retainOnDelete, as CDK's BucketDeployment neither prunes nor deletes). Nothing is invalidated.
 */
export function siteFiles(prefix: string, d: SiteFilesDesign, bucket: aws.s3.Bucket, opts: pulumi.CustomResourceOptions): aws.s3.BucketObjectv2[] {
  return d.files.map(
    (f) =>
      new aws.s3.BucketObjectv2(
        `${prefix}-file-${f.path}`,
        { bucket: bucket.id, key: f.path, source: new pulumi.asset.FileAsset(`${d.source}/${f.path}`), contentType: f.contentType, cacheControl: f.cacheControl, sourceHash: f.sha256 },
        { ...opts, retainOnDelete: true },
      ),
  );
}
