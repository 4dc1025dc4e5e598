import type { Blueprint } from '../schema';
import type { CheckIssue } from './checks';
import { hasStandby, strategyOf } from './resilience';

/** An ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com/<repository> with a :tag or an @sha256: digest. */
const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com(?:\.cn)?\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)(?::([\w][\w.-]{0,127})|@sha256:([0-9a-f]{64}))$/;

/**
 * A function from a container image (services.<key>.image, kind: function): code or an image, not both; an image in
 * Amazon ECR in the stack's region (Lambda pulls from no other registry or region), by tag or digest; no runtime or
 * handler with it (the image carries them); not with a standby (its region has no copy of the image).
 */
export function checkFunctionImages(bp: Blueprint): CheckIssue[] {
  const issues: CheckIssue[] = [];
  const region = bp.requirements.regions.primary;
  for (const [name, svc] of Object.entries(bp.services)) {
    if (svc.kind !== 'function' || svc.image === undefined) continue;
    const at = (...p: (string | number)[]) => ['services', name, ...p];
    if (svc.code !== undefined) issues.push({ path: at('image'), involves: [at('code')], message: 'a function runs its code (code) or a container image (image), not both: remove one' });
    const m = ECR_IMAGE.exec(svc.image);
    if (!m) {
      const where = svc.image.startsWith('public.ecr.aws/') ? 'ECR Public' : /^[^/]+\.[^/]+\//.test(svc.image) && !/\.dkr\.ecr\./.test(svc.image) ? `registry ${svc.image.split('/')[0]}` : /\.dkr\.ecr\./.test(svc.image) ? '' : 'Docker Hub';
      issues.push({
        path: at('image'),
        message: where
          ? `${svc.image} is in ${where}: Lambda runs images from a private Amazon ECR repository only; push it to ECR in ${region} and write its URI, e.g. 123456789012.dkr.ecr.${region}.amazonaws.com/${name}:1.0`
          : `${svc.image} is not an ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest>`,
      });
    } else if (m[2] !== region) {
      issues.push({ path: at('image'), message: `the image is in ECR in ${m[2]}: Lambda pulls images from the function's own region only (${region}); replicate the repository there and write that URI` });
    }
    for (const k of ['runtime', 'handler'] as const) {
      if (svc[k] !== undefined) issues.push({ path: at(k), at: 'key', message: `a function from a container image has no ${k}: the image carries its runtime and entry point (its CMD)` });
    }
    if (hasStandby(bp)) {
      issues.push({ path: at('image'), message: `a function from a container image in a system with a ${strategyOf(bp)} standby is not rendered yet: Lambda in ${bp.requirements.regions.secondary} pulls from ECR there, and replicating the repository is not rendered` });
    }
  }
  return issues;
}
