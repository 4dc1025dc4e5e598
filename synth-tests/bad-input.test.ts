/*
 * Bad-input corpus for the blueprint loader: one file per mistake in
 * synth-tests/bad-input/ (helper bases for `extends` in bad-input/bases/).
 *
 * For each file the table holds the exact issues the loader must report, as
 * it prints them: `file:LINE:COL  path: message`, in file order. Each line and
 * column was checked by eye against the file that wrote the offending key or
 * value.
 *
 * Cases marked `bug` show a wrong or unhelpful loader message or position
 * (src/ is not changed here). They state the CORRECT behaviour and run as
 * `test.failing`, so they pass while the bug is there. Once the bug is fixed,
 * jest reports them as failing: remove the `bug` note then. Their expectations
 * are regexes where the wording of a fix is still open, but they always pin
 * the line (and the column where it is clear). To see what the loader says
 * today for those cases: BLUEPRINT_SHOW_BUGS=1 npx jest synth-tests/bad-input.test.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as nodePath from 'node:path';
import { BlueprintError, loadBlueprint, type BlueprintIssue } from '../src/load';

const D = 'synth-tests/bad-input/';
const B = `${D}bases/`;

type Expected = string | RegExp;

interface Case {
  /** File under synth-tests/bad-input/, loaded by its path from the repo root. */
  file: string;
  /** Every issue, in the order the message prints them. */
  issues: Expected[];
  /** The loader gets this case wrong today: what is wrong (the test documents the fix). */
  bug?: string;
}

/** A regex over one printed issue: `prefix` is literal, `rest` is a pattern. */
function re(prefix: string, rest: string): RegExp {
  return new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${rest}$`);
}

const cases: Case[] = [
  // ---- YAML syntax -------------------------------------------------------
  {
    file: 'yaml-bad-indentation.yaml',
    issues: [`${D}yaml-bad-indentation.yaml:6:4  YAML syntax error: bad indentation of a mapping entry`],
  },
  {
    file: 'yaml-tab-indentation.yaml',
    issues: [`${D}yaml-tab-indentation.yaml:5:1  YAML syntax error: tab characters must not be used in indentation`],
  },
  {
    file: 'yaml-unclosed-flow-list.yaml',
    issues: [
      `${D}yaml-unclosed-flow-list.yaml:6:11  YAML syntax error: "[" opened here is never closed`,
    ],
  },
  {
    file: 'yaml-unterminated-quote.yaml',
    issues: [
      `${D}yaml-unterminated-quote.yaml:3:14  YAML syntax error: the quote " opened here is never closed`,
    ],
  },
  {
    file: 'empty-file.yaml',
    issues: [`${D}empty-file.yaml:1:1  the file is empty: a blueprint needs at least \`blueprint: 1\`, \`name\` and \`services\``],
  },
  {
    file: 'comments-only.yaml',
    issues: [`${D}comments-only.yaml:1:1  the file is empty: a blueprint needs at least \`blueprint: 1\`, \`name\` and \`services\``],
  },
  {
    file: 'multiple-documents.yaml',
    issues: [
      `${D}multiple-documents.yaml:5:1  a blueprint file holds exactly one YAML document (found 2: a second one starts here)`,
    ],
  },
  {
    file: 'top-level-list.yaml',
    issues: [`${D}top-level-list.yaml:1:1  a blueprint is a YAML mapping of keys such as blueprint, name and services`],
  },
  {
    file: 'top-level-scalar.yaml',
    issues: [`${D}top-level-scalar.yaml:1:1  a blueprint is a YAML mapping of keys such as blueprint, name and services`],
  },
  {
    file: 'alias-bomb.yaml',
    issues: [`${D}alias-bomb.yaml:17:15  too many aliases (over 100): a blueprint needs few, and this many can expand without bound`],
  },
  {
    // 90 aliases (under the limit) expanding to 10^10 leaves: must still answer at once.
    file: 'alias-bomb-under-limit.yaml',
    issues: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (i) => `${D}alias-bomb-under-limit.yaml:${7 + i}:15  services.web.environment.l${i}: must be a string (got a list)`,
    ),
  },
  {
    file: 'yaml-merge-key.yaml',
    issues: [
      `${D}yaml-merge-key.yaml:8:5  services.api.<<: YAML merge keys (<<) are not supported: share settings between blueprints with \`extends\` instead`,
    ],
  },

  // ---- positions of values written in special YAML forms --------------------
  {
    file: 'wrong-type-quoted-number.yaml',
    issues: [
      `${D}wrong-type-quoted-number.yaml:4:17  requirements.availability: must be a number (got "99.9")`,
    ],
  },
  {
    file: 'alias-value-wrong-type.yaml',
    issues: [
      `${D}alias-value-wrong-type.yaml:7:11  services.web.port: must be a number (got "eighty")`,
    ],
  },
  {
    file: 'block-scalar-wrong-type.yaml',
    issues: [
      `${D}block-scalar-wrong-type.yaml:6:11  services.web.port: must be a number (got "8080\\n")`,
    ],
  },
  {
    file: 'empty-value.yaml',
    issues: [
      `${D}empty-value.yaml:2:1  name: must be a string (got null)`,
      `${D}empty-value.yaml:4:3  services.web: must be a mapping of keys to values (got null)`,
    ],
  },
  {
    file: 'alias-keys.yaml',
    issues: [
      `${D}alias-keys.yaml:7:11  services.web.port: must be at least 1 (got 0)`,
    ],
  },

  // ---- wrong types ---------------------------------------------------------
  {
    file: 'wrong-type-string-for-number.yaml',
    issues: [`${D}wrong-type-string-for-number.yaml:6:11  services.web.port: must be a number (got "eighty")`],
  },
  {
    file: 'wrong-type-number-for-boolean.yaml',
    issues: [`${D}wrong-type-number-for-boolean.yaml:6:13  services.web.public: must be a boolean (got 1)`],
  },
  {
    file: 'wrong-type-map-for-list.yaml',
    issues: [`${D}wrong-type-map-for-list.yaml:7:7  services.web.uses: must be a list (got a mapping)`],
  },
  {
    file: 'not-a-number.yaml',
    issues: [
      `${D}not-a-number.yaml:4:17  requirements.availability: must be a number (got .nan)`,
      `${D}not-a-number.yaml:5:13  requirements.peak_rps: must be a number (got .inf)`,
    ],
  },
  {
    file: 'huge-number.yaml',
    issues: [
      `${D}huge-number.yaml:6:11  services.web.port: must be at most 65535 (got 1e+300)`,
    ],
  },
  {
    // A missing key is reported at the key of the mapping it belongs in.
    file: 'missing-image.yaml',
    issues: [`${D}missing-image.yaml:4:3  services.web.image: required: a container runs a container image, e.g. image: public.ecr.aws/nginx/nginx:1.27 (a function, kind: function, has code instead)`],
  },
  {
    file: 'missing-required-keys.yaml',
    issues: [
      `${D}missing-required-keys.yaml:1:1  blueprint: required`,
      `${D}missing-required-keys.yaml:1:1  name: required`,
      `${D}missing-required-keys.yaml:1:1  services: required`,
    ],
  },
  {
    file: 'wrong-version.yaml',
    issues: [`${D}wrong-version.yaml:1:12  blueprint: must be 1 (got 2)`],
  },

  // ---- unknown and duplicate keys ------------------------------------------
  {
    file: 'unknown-key-typo-top-level.yaml',
    issues: [
      `${D}unknown-key-typo-top-level.yaml:1:1  services: required`,
      `${D}unknown-key-typo-top-level.yaml:3:1  servics: unknown key (did you mean "services"?)`,
    ],
  },
  {
    file: 'unknown-key-typo-service.yaml',
    issues: [`${D}unknown-key-typo-service.yaml:6:5  services.web.prot: unknown key (did you mean "port"?)`],
  },
  {
    file: 'unknown-key-typo-requirements.yaml',
    issues: [`${D}unknown-key-typo-requirements.yaml:4:3  requirements.availabilty: unknown key (did you mean "availability"?)`],
  },
  {
    file: 'unknown-key-no-match.yaml',
    issues: [
      `${D}unknown-key-no-match.yaml:6:5  services.web.colour: unknown key (expected one of: kind, image, code, source, spa, domain, certificate_arn, runtime, handler, duration_ms, timeout_seconds, concurrency, provisioned_concurrency, port, cpu, memory, arch, public, path, host, priority, capacity_rps_per_task, peak_rps, scaling, egress_gb_month, placement, health_check, environment, uses, consumes, schedule, triggers)`,
    ],
  },
  {
    file: 'duplicate-key-top-level.yaml',
    issues: [`${D}duplicate-key-top-level.yaml:3:1  name: duplicate key (first written at line 2)`],
  },
  {
    file: 'duplicate-key-nested.yaml',
    issues: [`${D}duplicate-key-nested.yaml:7:5  services.web.port: duplicate key (first written at line 6)`],
  },
  {
    file: 'duplicate-service.yaml',
    issues: [`${D}duplicate-service.yaml:6:3  services.web: duplicate key (first written at line 4)`],
  },

  // ---- enums, ranges, formats ------------------------------------------------
  {
    file: 'enum-typo-nat.yaml',
    issues: [`${D}enum-typo-nat.yaml:6:8  network.nat: must be one of "per-az", "single", "none" (got "per_az"); did you mean "per-az"?`],
  },
  {
    file: 'enum-typo-arch.yaml',
    issues: [`${D}enum-typo-arch.yaml:6:11  services.web.arch: must be one of "arm64", "x86_64" (got "arm65"); did you mean "arm64"?`],
  },
  {
    file: 'enum-typo-kind.yaml',
    issues: [
      `${D}enum-typo-kind.yaml:5:11  services.web.kind: must be one of "container", "worker", "scheduled", "function", "static-site" (got "contianer"); did you mean "container"?`,
    ],
  },
  {
    file: 'out-of-range-availability.yaml',
    issues: [`${D}out-of-range-availability.yaml:4:17  requirements.availability: must be at most 100 (got 101)`],
  },
  {
    file: 'out-of-range-port.yaml',
    issues: [`${D}out-of-range-port.yaml:6:11  services.web.port: must be at most 65535 (got 70000)`],
  },
  {
    file: 'out-of-range-azs.yaml',
    issues: [`${D}out-of-range-azs.yaml:6:8  network.azs: must be at least 2 (got 1)`],
  },
  {
    file: 'bad-format-name-uppercase.yaml',
    issues: [`${D}bad-format-name-uppercase.yaml:2:7  name: must be 2-32 lowercase letters, digits or dashes, starting with a letter (got "MyShop")`],
  },
  {
    file: 'bad-format-service-name.yaml',
    issues: [
      `${D}bad-format-service-name.yaml:4:3  services.Web_Front: invalid name "Web_Front": must be 2-32 lowercase letters, digits or dashes, starting with a letter`,
    ],
  },
  {
    file: 'service-named-proto.yaml',
    issues: [
      `${D}service-named-proto.yaml:4:3  services.__proto__: "__proto__" is a reserved name; choose another key`,
    ],
  },
  {
    file: 'bad-format-email.yaml',
    issues: [`${D}bad-format-email.yaml:7:31  observability.alarms.notify[1]: must be an email address (got "oncall-at-example.com")`],
  },
  {
    file: 'bad-format-cidr.yaml',
    issues: [`${D}bad-format-cidr.yaml:6:9  network.cidr: must be an IPv4 CIDR block from /16 to /24, e.g. 10.0.0.0/16 (got "10.0.0.0/8")`],
  },
  {
    file: 'bad-format-cidr-octet.yaml',
    issues: [
      `${D}bad-format-cidr-octet.yaml:6:9  network.cidr: each of the four numbers must be 0-255 (got "999.0.0.0/16")`,
    ],
  },

  // ---- cross-field checks ------------------------------------------------------
  {
    file: 'scaling-max-below-min.yaml',
    issues: [`${D}scaling-max-below-min.yaml:8:12  services.web.scaling.max: must be at least min (4)`],
  },
  {
    file: 'memory-not-fitting-cpu.yaml',
    issues: [`${D}memory-not-fitting-cpu.yaml:7:13  services.web.memory: 4096 MiB does not fit 256 CPU units on Fargate (512-2048 MiB in steps of 512)`],
  },
  {
    file: 'cross-check-after-bad-cpu.yaml',
    issues: [
      `${D}cross-check-after-bad-cpu.yaml:6:10  services.web.cpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (got 300)`,
    ],
  },
  {
    file: 'cross-check-after-bad-availability.yaml',
    issues: [
      `${D}cross-check-after-bad-availability.yaml:4:17  requirements.availability: must be a number (got "99.95%")`,
    ],
  },
  {
    file: 'uses-undeclared-service.yaml',
    issues: [
      `${D}uses-undeclared-service.yaml:6:18  services.web.uses[1]: "paymnet" is not declared under services or data (did you mean "payment"?)`,
    ],
  },
  {
    file: 'uses-misnamed-service.yaml',
    issues: [
      `${D}uses-misnamed-service.yaml:6:12  services.web.uses[0]: must be the name of a service or data store, optionally with :read (e.g. orders, reports:read) (got "Cart_Service")`,
      `${D}uses-misnamed-service.yaml:7:3  services.Cart_Service: invalid name "Cart_Service": must be 2-32 lowercase letters, digits or dashes, starting with a letter`,
    ],
  },
  {
    file: 'uses-itself.yaml',
    issues: [`${D}uses-itself.yaml:6:12  services.web.uses[0]: a service cannot use itself`],
  },
  {
    file: 'public-service-without-load-balancer.yaml',
    issues: [`${D}public-service-without-load-balancer.yaml:6:13  services.web.public: a public service needs a load balancer, but load_balancing.public is null`],
  },
  {
    file: 'availability-above-azs.yaml',
    issues: [`${D}availability-above-azs.yaml:8:8  network.azs: 2 AZs give at most 99.9 % availability, but requirements.availability is 99.95 (use 3)`],
  },
  {
    file: 'availability-five-nines.yaml',
    issues: [
      `${D}availability-five-nines.yaml:4:17  requirements.availability: 99.999 % is above what one region gives (99.99 % with 3 AZs); multi-region designs arrive with resilience.dr`,
    ],
  },
  {
    file: 'path-on-internal-service.yaml',
    issues: [`${D}path-on-internal-service.yaml:6:5  services.api.path: only public services are routed on the load balancer (set public: true, or remove it)`],
  },
  {
    file: 'duplicate-route.yaml',
    issues: [`${D}duplicate-route.yaml:11:11  services.shop.path: same routing as service "web": host (any) and path /shop/*`],
  },
  {
    file: 'duplicate-priority.yaml',
    issues: [`${D}duplicate-priority.yaml:13:15  services.api.priority: priority 10 is already used by service "web"`],
  },
  {
    file: 'unknown-region.yaml',
    issues: [`${D}unknown-region.yaml:4:23  requirements.regions.primary: unknown or unsupported region "eu-wset-1" (did you mean "eu-west-1"?)`],
  },
  {
    file: 'certificate-other-region.yaml',
    issues: [
      `${D}certificate-other-region.yaml:9:22  security.tls.certificate_arn: the certificate is in us-east-1, but the load balancer is in eu-west-1: ACM certificates are regional`,
    ],
  },

  // ---- databases and caches --------------------------------------------
  {
    file: 'db-engine-version-class.yaml',
    issues: [
      `${D}db-engine-version-class.yaml:9:21  data.orders.instance_class: db.m7g.large is not offered for aurora-postgresql (families: db.t3, db.t4g, db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g, db.x2g)`,
      `${D}db-engine-version-class.yaml:12:14  data.ledger.version: postgres 9.6 is not a version Blueprint can deploy (major versions: 13, 14, 15, 16, 17)`,
      `${D}db-engine-version-class.yaml:13:21  data.ledger.instance_class: db.t4g.huge does not exist for postgres: db.t4g comes in micro, small, medium, large, xlarge, 2xlarge`,
      `${D}db-engine-version-class.yaml:16:14  data.legacy.version: aurora-mysql 8.0.32 is not a version Blueprint can deploy (major versions: 3)`,
    ],
  },
  {
    file: 'db-shape-for-engine.yaml',
    issues: [
      `${D}db-shape-for-engine.yaml:11:14  data.orders.readers: availability 99.95 % needs a failover target in another AZ: at least 1 reader`,
      `${D}db-shape-for-engine.yaml:12:5  data.orders.storage_gb: Aurora storage grows by itself: remove storage_gb`,
      `${D}db-shape-for-engine.yaml:15:5  data.ledger.serverless: Serverless v2 is an Aurora feature: use engine aurora-mysql, or remove serverless`,
      `${D}db-shape-for-engine.yaml:16:5  data.ledger.readers: an RDS mysql instance has no readers (its Multi-AZ standby follows from availability); use an Aurora engine for readers`,
    ],
  },
  {
    file: 'db-read-edges.yaml',
    issues: [
      `${D}db-read-edges.yaml:5:31  services.web.uses[0]: "ledger" is one RDS instance: there is no read-only endpoint to give (use an Aurora engine with readers, or write uses: [ledger])`,
      `${D}db-read-edges.yaml:5:44  services.web.uses[1]: "sessions" is a cache: a cache has no read-only access (write uses: [sessions])`,
      `${D}db-read-edges.yaml:5:59  services.web.uses[2]: "orders" has no readers, so its reader endpoint is the writer: add readers, or write uses: [orders]`,
    ],
  },
  {
    file: 'cache-mistakes.yaml',
    issues: [
      `${D}cache-mistakes.yaml:11:14  data.sessions.version: valkey 6.2 is not a version Blueprint can deploy (7.2, 8.0)`,
      `${D}cache-mistakes.yaml:12:16  data.sessions.node_type: cache.t4g.large does not exist: cache.t4g comes in micro, small, medium`,
      `${D}cache-mistakes.yaml:13:5  data.sessions.shards: shards need cluster_mode: true (without it the cache is one node group)`,
      `${D}cache-mistakes.yaml:14:15  data.sessions.replicas: availability 99.95 % needs a replica in another AZ to fail over to: at least 1`,
      `${D}cache-mistakes.yaml:15:18  data.sessions.in_front_of: "orders" is not a data store (did you mean "orderz"?)`,
      `${D}cache-mistakes.yaml:18:18  data.feed.in_front_of: "jobs" is a queue: a cache goes in front of a database, table or bucket`,
    ],
  },
  // ---- resilience -------------------------------------------------------
  {
    file: 'data-replication-without-secondary.yaml',
    issues: [
      `${D}data-replication-without-secondary.yaml:10:5  data.reports.replicate_to_secondary: replication copies every object into the secondary region: name it in requirements.regions.secondary`,
    ],
  },
  {
    file: 'data-replication-unversioned.yaml',
    issues: [
      `${D}data-replication-unversioned.yaml:8:37  data.reports.versioned: S3 replication requires versioning on both buckets: remove versioned: false, or replicate_to_secondary`,
    ],
  },
  {
    file: 'data-global-table-without-secondary.yaml',
    issues: [
      `${D}data-global-table-without-secondary.yaml:11:5  data.orders.replicate_to_secondary: a global table keeps a replica in the secondary region: name it in requirements.regions.secondary`,
    ],
  },
  {
    // events writes the stream replication needs: no problem there.
    file: 'data-global-table-mistakes.yaml',
    issues: [
      `${D}data-global-table-mistakes.yaml:11:14  data.orders.billing: not rendered yet: replicated tables are on demand (remove billing: provisioned, or replicate_to_secondary)`,
      `${D}data-global-table-mistakes.yaml:13:13  data.orders.stream: a global table replicates through a new-and-old-images stream: remove stream: keys-only, or write new-and-old-images`,
    ],
  },
  {
    file: 'dr-secondary-equals-primary.yaml',
    issues: [
      `${D}dr-secondary-equals-primary.yaml:4:45  requirements.regions.secondary: the secondary region must differ from the primary (us-east-1): recovering into the region that failed recovers nothing`,
    ],
  },
  {
    file: 'dr-cannot-meet.yaml',
    issues: [
      `${D}dr-cannot-meet.yaml:6:16  requirements.rpo_minutes: point-in-time recovery of orders restores to about 5 minutes back; no backup Blueprint renders meets an RPO under 5 minutes`,
      `${D}dr-cannot-meet.yaml:7:45  requirements.regions.secondary: unknown or unsupported region "eu-centrall-1" (did you mean "eu-central-1"?)`,
      `${D}dr-cannot-meet.yaml:13:7  resilience.dr: backup-restore recovers in 24 h or more, above rto_minutes 240 (use pilot-light)`,
      `${D}dr-cannot-meet.yaml:14:24  resilience.backups.schedule: backup-restore recovers from the latest copy: daily copies lose up to 24 h, above rpo_minutes 2 (even hourly copies lose up to 1 h: a smaller RPO needs continuous replication (pilot-light))`,
    ],
  },
  {
    file: 'dr-derived-not-rendered.yaml',
    issues: [
      `${D}dr-derived-not-rendered.yaml:4:16  requirements.rto_minutes: rto_minutes 5 needs multi-site, which is not rendered yet; warm-standby (rto_minutes >= 10, rpo_minutes >= 1) is`,
    ],
  },
  {
    // What a standby (written pilot-light) cannot take: an RDS instance, a pausing Aurora, a provisioned
    // table left to replicate, no room after the CIDR, no NAT for the rotation function.
    file: 'dr-standby-mistakes.yaml',
    issues: [
      `${D}dr-standby-mistakes.yaml:8:21  data.orders.engine: pilot-light replicates databases as Aurora global databases; cross-region replicas of an RDS postgres instance are not rendered yet: use aurora-postgresql, or dr: backup-restore`,
      `${D}dr-standby-mistakes.yaml:11:28  data.ledger.serverless.min_acu: an Aurora global database (pilot-light) cannot pause: use min_acu 0.5 or more`,
      `${D}dr-standby-mistakes.yaml:15:14  data.events.billing: pilot-light replicates every table as a global table, which is not rendered yet for provisioned tables: use on-demand, or write replicate_to_secondary: false (the standby then gets an empty table)`,
      `${D}dr-standby-mistakes.yaml:18:9  network.cidr: pilot-light puts a network in the secondary region in the block after this one, which leaves 10.0.0.0/8: use a lower block (e.g. 10.0.0.0/16)`,
      `${D}dr-standby-mistakes.yaml:19:8  network.nat: the password of an Aurora global database (pilot-light) is rotated by a function in the private subnets, which needs NAT to reach Secrets Manager: remove nat: none`,
    ],
  },
  // ---- Compliance profiles and encryption ---------------------------------
  {
    file: 'compliance-forbidden.yaml',
    issues: [
      `${D}compliance-forbidden.yaml:4:3  requirements.compliance: HIPAA (requirements.compliance) requires encryption in transit: web is public over plain HTTP. Write security.tls (a domain or certificate_arn) so the load balancer serves HTTPS`,
      `${D}compliance-forbidden.yaml:13:16  data.scans.versioned: HIPAA (requirements.compliance) requires versioned buckets (an overwritten or deleted object must be recoverable): versioned: false is refused; leave it out`,
      `${D}compliance-forbidden.yaml:15:15  security.encryption: HIPAA (requirements.compliance) requires customer-managed keys: encryption: none is refused; write encryption: kms or leave it out`,
      `${D}compliance-forbidden.yaml:16:24  security.audit.cloudtrail: HIPAA (requirements.compliance) requires every audit service: cloudtrail: false is refused; leave it out (or write true)`,
      `${D}compliance-forbidden.yaml:18:23  observability.log_retention_days: HIPAA (requirements.compliance) keeps logs 2192 days at least: HIPAA keeps security documentation and records for six years (45 CFR 164.316(b)(2)). Write 2192 or more, or leave it out`,
    ],
  },
  {
    file: 'compliance-aws-managed.yaml',
    issues: [`${D}compliance-aws-managed.yaml:10:15  security.encryption: PCI DSS and NIST 800-53 (requirements.compliance) require customer-managed keys: write encryption: kms or leave it out`],
  },
  {
    file: 'compliance-keys-across-regions.yaml',
    issues: [
      `${D}compliance-keys-across-regions.yaml:13:29  data.receipts.replicate_to_secondary: replicas with encryption: kms are not rendered yet: the replica needs a customer-managed key in the secondary region. Remove it (backups still reach the recovery vault)`,
      `${D}compliance-keys-across-regions.yaml:17:7  resilience.dr: pilot-light with encryption: kms is not rendered yet: the standby's replicas need a customer-managed key in the secondary region. Write resilience.dr: backup-restore (backups are copied into the recovery vault under AWS Backup's key)`,
    ],
  },
  {
    file: 'compliance-public-database.yaml',
    issues: [`${D}compliance-public-database.yaml:13:13  data.ledger.public: PCI DSS (requirements.compliance) forbids a database reachable from the internet (requirement 1.3: no direct public access between the internet and the cardholder data environment), and Blueprint never renders one: remove public: true; tasks reach the database from inside the VPC`],
  },
  {
    file: 'compliance-soc2.yaml',
    issues: [`${D}compliance-soc2.yaml:4:16  requirements.compliance[0]: "soc2" is not yet supported: SOC 2 has no cdk-nag rule pack yet; hipaa, pci-dss and nist-800-53 are rendered`],
  },
  {
    file: 'encryption-none.yaml',
    issues: [`${D}encryption-none.yaml:7:15  security.encryption: encryption at rest cannot be turned off: every store, queue, topic, bucket and log group is encrypted. Write aws-managed (the default) or kms`],
  },
  {
    file: 'dr-without-secondary.yaml',
    issues: [
      `${D}dr-without-secondary.yaml:6:7  resilience.dr: backup-restore recovers into another region: name it in requirements.regions.secondary`,
    ],
  },
  {
    // A typo (with a suggestion), a duplicate, and a limit below WAF's minimum, all at once.
    file: 'waf-mistakes.yaml',
    issues: [
      `${D}waf-mistakes.yaml:7:29  security.waf.managed_rules[1]: unknown managed rule group "sqli-injection" (did you mean "sql-injection"?); known: common, known-bad-inputs, sql-injection, ip-reputation, anonymous-ip, admin-protection, linux, unix, php, wordpress`,
      `${D}waf-mistakes.yaml:7:45  security.waf.managed_rules[2]: "common" is listed twice`,
      `${D}waf-mistakes.yaml:8:26  security.waf.rate_limit_per_5min: must be at least 10 (got 5)`,
    ],
  },
  {
    // Short names Blueprint knows, each once; an AWS service's own name (ecr.api) suggests the short name that renders it.
    file: 'endpoints-mistakes.yaml',
    issues: [
      `${D}endpoints-mistakes.yaml:6:19  network.endpoints[1]: unknown endpoint "ecr-api" (did you mean "ecr"?); known: s3, dynamodb, ecr, logs, secretsmanager, sts, ssm, kms, sqs, sns, monitoring, ecs`,
      `${D}endpoints-mistakes.yaml:6:34  network.endpoints[3]: unknown endpoint "secretmanager" (did you mean "secretsmanager"?); known: s3, dynamodb, ecr, logs, secretsmanager, sts, ssm, kms, sqs, sns, monitoring, ecs`,
      `${D}endpoints-mistakes.yaml:6:49  network.endpoints[4]: "logs" is listed twice`,
      `${D}endpoints-mistakes.yaml:6:55  network.endpoints[5]: unknown endpoint "cloudtrail"; known: s3, dynamodb, ecr, logs, secretsmanager, sts, ssm, kms, sqs, sns, monitoring, ecs`,
    ],
  },
  {
    // Every overlap at once: the VPC's block, the standby's (pilot-light: the block after it), an earlier route.
    file: 'vpn-route-overlaps.yaml',
    issues: [
      `${D}vpn-route-overlaps.yaml:13:9  network.vpn.routes[0]: 10.20.0.0/16 overlaps the VPC's 10.20.0.0/16 (network.cidr); on-premises routes must not overlap the VPC's addresses`,
      `${D}vpn-route-overlaps.yaml:14:9  network.vpn.routes[1]: 10.21.4.0/24 overlaps the standby's VPC 10.21.0.0/16 (the block after network.cidr, in us-west-2); on-premises routes must not overlap it either, or the standby cannot be reached from on-premises after failover`,
      `${D}vpn-route-overlaps.yaml:16:9  network.vpn.routes[3]: 192.168.10.0/24 overlaps routes[2] (192.168.0.0/16); write each on-premises block once`,
      `${D}vpn-route-overlaps.yaml:17:9  network.vpn.routes[4]: "192.168.0.0/16" is listed twice`,
      `${D}vpn-route-overlaps.yaml:18:9  network.vpn.routes[5]: 10.0.0.0/8 overlaps the VPC's 10.20.0.0/16 (network.cidr); on-premises routes must not overlap the VPC's addresses`,
      `${D}vpn-route-overlaps.yaml:18:9  network.vpn.routes[5]: 10.0.0.0/8 overlaps routes[0] (10.20.0.0/16); write each on-premises block once`,
    ],
  },
  {
    // A private customer gateway address and an ASN AWS reserves in the region, beside malformed routes and a
    // typo elsewhere: the routes' format errors do not silence the other checks.
    file: 'vpn-mistakes.yaml',
    issues: [
      `${D}vpn-mistakes.yaml:6:45  services.web.uses[0]: "apj" is not declared under services or data (did you mean "api"?)`,
      `${D}vpn-mistakes.yaml:10:26  network.vpn.customer_gateway_ip: 192.168.1.20 is in 192.168.0.0/16 (private, RFC 1918): the customer gateway is the public IPv4 address at which AWS reaches the on-premises VPN device over the internet`,
      `${D}vpn-mistakes.yaml:11:14  network.vpn.bgp_asn: 9059 is reserved by AWS in eu-west-1: use another, e.g. a private ASN (64512-65534)`,
      `${D}vpn-mistakes.yaml:12:29  network.vpn.routes[1]: must be an IPv4 CIDR block from /8 to /32, e.g. 192.168.0.0/16 (got "172.16.1.0/33")`,
      `${D}vpn-mistakes.yaml:12:44  network.vpn.routes[2]: has host bits set: use the network address (e.g. 10.0.0.0/16, not 10.0.0.1/16) (got "10.0.0.1/16")`,
    ],
  },
  {
    file: 'vpn-format-errors.yaml',
    issues: [
      `${D}vpn-format-errors.yaml:7:26  network.vpn.customer_gateway_ip: each of the four numbers must be 0-255 (got "1.2.3.400")`,
      `${D}vpn-format-errors.yaml:8:14  network.vpn.bgp_asn: must be at most 4294967294 (got 4294967295)`,
    ],
  },
  {
    // Static routing (the default) with no routes; a documentation address; an ASN AWS reserves everywhere.
    file: 'vpn-static-without-routes.yaml',
    issues: [
      `${D}vpn-static-without-routes.yaml:6:3  network.vpn: static routing (the default) needs routes: the on-premises address blocks, e.g. routes: [192.168.0.0/16]`,
      `${D}vpn-static-without-routes.yaml:7:26  network.vpn.customer_gateway_ip: 198.51.100.7 is in 198.51.100.0/24 (documentation): the customer gateway is the public IPv4 address at which AWS reaches the on-premises VPN device over the internet`,
      `${D}vpn-static-without-routes.yaml:8:14  network.vpn.bgp_asn: 7224 is reserved by AWS in every region: use another, e.g. a private ASN (64512-65534)`,
    ],
  },
  {
    // Dynamic routing learns its routes over BGP, with an ASN other than the gateway's.
    file: 'vpn-routing.yaml',
    issues: [
      `${D}vpn-routing.yaml:8:14  network.vpn.bgp_asn: 64512 is the virtual private gateway's (Amazon side) ASN: BGP peers need different ones, e.g. 65000`,
      `${D}vpn-routing.yaml:10:5  network.vpn.routes: with static_routes_only: false the routes are learned over BGP: remove routes (or static_routes_only, for static routing)`,
    ],
  },
  {
    file: 'unsupported-resilience.yaml',
    issues: [`${D}unsupported-resilience.yaml:7:7  resilience.dr: "multi-site" is not yet supported: multi-site (active-active) is not rendered yet; backup-restore, pilot-light and warm-standby are`],
  },
  {
    // A site has no task, code or routing keys, is always public, takes a certificate for a domain only, one
    // domain per site, and is rendered in us-east-1 only; site keys elsewhere and calls to a site are errors.
    file: 'site-mistakes.yaml',
    issues: [
      `${D}site-mistakes.yaml:9:5  services.web.spa: only a static site has this key (set kind: static-site, or remove it)`,
      `${D}site-mistakes.yaml:10:12  services.web.uses[0]: "docs" is a static site: it has no address inside the system (browsers reach it through its distribution)`,
      `${D}site-mistakes.yaml:12:11  services.docs.kind: static sites are rendered when requirements.regions.primary is us-east-1 (it is eu-west-1): CloudFront takes ACM certificates and CLOUDFRONT-scoped web ACLs from us-east-1 only, and an edge stack in us-east-1 is not rendered yet`,
      `${D}site-mistakes.yaml:13:5  services.docs.image: a static site serves files from its bucket through CloudFront: no container runs`,
      `${D}site-mistakes.yaml:14:5  services.docs.port: a static site listens on no port: CloudFront serves it on 443 (and redirects 80)`,
      `${D}site-mistakes.yaml:15:13  services.docs.public: a static site is always public: its CloudFront distribution is on the internet (behind a web ACL); private sites are not rendered`,
      `${D}site-mistakes.yaml:16:22  services.docs.certificate_arn: a certificate is for a domain: write domain (the host name the certificate names), or remove certificate_arn`,
      `${D}site-mistakes.yaml:17:13  services.docs.source: synth-tests/bad-input/site does not exist (source is relative to the blueprint file that writes it)`,
      `${D}site-mistakes.yaml:19:11  services.app.kind: static sites are rendered when requirements.regions.primary is us-east-1 (it is eu-west-1): CloudFront takes ACM certificates and CLOUDFRONT-scoped web ACLs from us-east-1 only, and an edge stack in us-east-1 is not rendered yet`,
      `${D}site-mistakes.yaml:22:11  services.www.kind: static sites are rendered when requirements.regions.primary is us-east-1 (it is eu-west-1): CloudFront takes ACM certificates and CLOUDFRONT-scoped web ACLs from us-east-1 only, and an edge stack in us-east-1 is not rendered yet`,
      `${D}site-mistakes.yaml:23:13  services.www.domain: app.example.com is already services.app.domain's name: give each entry point a name of its own (e.g. api.example.com)`,
    ],
  },
  {
    // A site's source: a directory beside the blueprint, holding index.html.
    file: 'site-source-mistakes.yaml',
    issues: [
      `${D}site-source-mistakes.yaml:8:13  services.docs.source: synth-tests/bad-input/bases has no index.html: the distribution answers / with it`,
      `${D}site-source-mistakes.yaml:11:13  services.app.source: synth-tests/bad-input/site-source-mistakes.yaml is a file: write the directory of the site's built files`,
    ],
  },
  {
    // CloudFront takes ACM certificates from us-east-1 only: another region's is an error at its value.
    file: 'site-certificate-region.yaml',
    issues: [
      `${D}site-certificate-region.yaml:7:22  services.app.certificate_arn: must be an ACM certificate ARN in us-east-1 (CloudFront takes certificates from us-east-1 only), e.g. arn:aws:acm:us-east-1:123456789012:certificate/... (got "arn:aws:acm:eu-west-1:123456789012:certificate/abc")`,
    ],
  },
  {
    file: 'unsupported-style-serverless.yaml',
    issues: [
      `${D}unsupported-style-serverless.yaml:4:10  architecture.style: "serverless" is not yet supported: style: serverless is not rendered yet; write kind: function on the services that are functions (with microservices or modular-monolith)`,
    ],
  },

  // ---- data stores and edges ------------------------------------------------
  {
    file: 'data-engine-typo.yaml',
    issues: [
      `${D}data-engine-typo.yaml:6:22  data.reports.engine: must be one of "s3", "sqs", "sns", "dynamodb", "postgres", "mysql", "aurora-postgresql", "aurora-mysql", "redis", "valkey" (got "s4"); did you mean "s3"?`,
    ],
  },
  {
    file: 'data-unknown-key-in-store.yaml',
    issues: [
      `${D}data-unknown-key-in-store.yaml:9:5  data.orders.point_in_time: unknown key (expected one of: engine, partition_key, sort_key, billing, capacity, indexes, growth_gb_month, item_kb, ttl_attribute, stream, replicate_to_secondary)`,
    ],
  },
  {
    file: 'data-uses-undeclared-store.yaml',
    issues: [
      `${D}data-uses-undeclared-store.yaml:4:45  services.web.uses[0]: "report" is not declared under services or data (did you mean "reports"?)`,
    ],
  },
  {
    file: 'data-read-a-topic.yaml',
    issues: [
      `${D}data-read-a-topic.yaml:4:45  services.web.uses[0]: "events" is an SNS topic: services publish to it, there is nothing to read (write uses: [events])`,
    ],
  },
  {
    file: 'data-read-a-service.yaml',
    issues: [
      `${D}data-read-a-service.yaml:4:45  services.web.uses[0]: :read applies to data stores; "api" is a service (write uses: [api])`,
    ],
  },
  {
    file: 'data-lifecycle-too-early.yaml',
    issues: [
      `${D}data-lifecycle-too-early.yaml:8:41  data.reports.lifecycle.infrequent_after_days: must be at least 30 (got 7)`,
    ],
  },
  {
    file: 'data-missing-partition-key.yaml',
    issues: [
      `${D}data-missing-partition-key.yaml:6:3  data.orders.partition_key: required`,
    ],
  },
  {
    file: 'data-store-name-clash.yaml',
    issues: [
      `${D}data-store-name-clash.yaml:7:3  data.api: "api" is also a service: services and data stores share one set of names (uses: names either), so rename one`,
    ],
  },
  {
    file: 'table-provisioned-without-capacity.yaml',
    issues: [
      `${D}table-provisioned-without-capacity.yaml:9:14  data.orders.billing: provisioned billing needs capacity: { read: { min, max }, write: { min, max } } (the units autoscaling moves between)`,
    ],
  },
  {
    file: 'table-capacity-mistakes.yaml',
    issues: [
      `${D}table-capacity-mistakes.yaml:9:5  data.orders.capacity: capacity is for billing: provisioned; an on-demand table scales by itself (set billing: provisioned, or remove capacity)`,
      `${D}table-capacity-mistakes.yaml:17:29  data.carts.capacity.read.max: must be at least min (10)`,
      `${D}table-capacity-mistakes.yaml:18:29  data.carts.capacity.write.max: must be at least min (4)`,
      `${D}table-capacity-mistakes.yaml:26:27  data.sessions.capacity.target_utilization: must be at most 90 (got 95)`,
    ],
  },

  // ---- scheduled jobs -------------------------------------------------------
  {
    file: 'job-without-schedule.yaml',
    issues: [
      `${D}job-without-schedule.yaml:5:20  services.nightly.kind: a scheduled job needs a schedule, e.g. schedule: cron(0 3 * * ? *)`,
    ],
  },
  {
    file: 'job-bad-schedule.yaml',
    issues: [
      `${D}job-bad-schedule.yaml:5:57  services.nightly.schedule: must be an EventBridge Scheduler expression: cron(0 3 * * ? *) or rate(15 minutes) (got "every night")`,
    ],
  },
  {
    file: 'job-public.yaml',
    issues: [
      `${D}job-public.yaml:9:5  services.nightly.public: a scheduled job runs a task on its schedule: it has no port, is not routed, probed or scaled, and serves no requests`,
      `${D}job-public.yaml:10:5  services.nightly.scaling: a scheduled job runs a task on its schedule: it has no port, is not routed, probed or scaled, and serves no requests`,
    ],
  },
  {
    file: 'job-port.yaml',
    issues: [
      `${D}job-port.yaml:9:5  services.report.port: a scheduled job runs a task on its schedule: it has no port, is not routed, probed or scaled, and serves no requests`,
      `${D}job-port.yaml:10:5  services.report.capacity_rps_per_task: a scheduled job runs a task on its schedule: it has no port, is not routed, probed or scaled, and serves no requests`,
    ],
  },
  {
    file: 'job-called.yaml',
    issues: [
      `${D}job-called.yaml:4:45  services.web.uses[0]: "nightly" is a scheduled job: it has no address to call`,
      `${D}job-called.yaml:5:77  services.nightly.uses[0]: a scheduled job reaches data stores only: "api" is a service, and Service Connect names work for ECS services, not scheduled tasks`,
    ],
  },
  {
    file: 'schedule-on-a-service.yaml',
    issues: [
      `${D}schedule-on-a-service.yaml:4:38  services.web.schedule: only a scheduled job or a function has a schedule (set kind: scheduled, or remove it)`,
    ],
  },

  // ---- queue workers ---------------------------------------------------------
  {
    file: 'worker-without-consumes.yaml',
    issues: [
      `${D}worker-without-consumes.yaml:5:22  services.processor.kind: a worker needs a queue to consume, e.g. consumes: jobs (an sqs store under data)`,
    ],
  },
  {
    file: 'worker-consumes-unknown.yaml',
    issues: [`${D}worker-consumes-unknown.yaml:8:15  services.processor.consumes: "job" is not declared under data (did you mean "jobs"?)`],
  },
  {
    file: 'worker-consumes-service.yaml',
    issues: [
      `${D}worker-consumes-service.yaml:5:56  services.processor.consumes: "web" is a service: a worker consumes an SQS queue declared under data`,
    ],
  },
  {
    file: 'worker-consumes-table.yaml',
    issues: [
      `${D}worker-consumes-table.yaml:5:56  services.processor.consumes: "orders" is not an SQS queue (engine: dynamodb): a worker consumes an sqs store`,
    ],
  },
  {
    file: 'consumes-on-a-service.yaml',
    issues: [`${D}consumes-on-a-service.yaml:4:38  services.web.consumes: only a worker or a function consumes a queue (set kind: worker, or remove it)`],
  },

  // ---- APIs ----------------------------------------------------------------------
  {
    // jwt without its issuer, and an issuer on a REST API (which has no JWT authorizer); routes to a container service off the load
    // balancer, to a queue's consumer, to a misspelt function, under a key that is no route key; no auth, no route.
    file: 'api-mistakes.yaml',
    issues: [
      `${D}api-mistakes.yaml:15:11  apis.public.auth: auth: jwt needs jwt: { issuer, audience } on the API (the token issuer and the client IDs it issues tokens for)`,
      `${D}api-mistakes.yaml:17:20  apis.public.routes.GET /orders: "web" is not on the load balancer: a route reaches a container service through a VPC link to the shared load balancer, so write public: true on it`,
      `${D}api-mistakes.yaml:18:18  apis.public.routes.GET /jobs: "worker-fn" consumes jobs: a function that an API invokes is sized and timed for requests that wait, so give the route a function of its own`,
      `${D}api-mistakes.yaml:19:16  apis.public.routes.GET /ok: "ok-fnn" is not declared under services (did you mean "ok-fn"?)`,
      `${D}api-mistakes.yaml:21:7  apis.public.routes.orders: invalid name "orders": must be a route key: METHOD /path (e.g. GET /orders/{id}, ANY /{proxy+}) or $default`,
      `${D}api-mistakes.yaml:26:5  apis.internal.jwt: jwt is for kind: http and graphql APIs; this one is kind: rest`,
      `${D}api-mistakes.yaml:29:3  apis.open.auth: required`,
      `${D}api-mistakes.yaml:30:13  apis.open.routes: declare at least one route (got a mapping)`,
    ],
  },

  {
    // REST: a JWT authorizer, a $default route, two names for one path parameter's level, a route to a container service, a body
    // schema without a type; usage plans without an api_key route, a key in two plans; api_key on an HTTP and a GraphQL API, a
    // query string on an HTTP route; CORS of two origins, and an OPTIONS route beside CORS's preflights.
    file: 'rest-mistakes.yaml',
    issues: [
      `${D}rest-mistakes.yaml:13:11  apis.partners.auth: a REST API has no JWT authorizer: write auth: cognito (a user pool generated for it), iam or api_key, or kind: http for tokens of your own issuer`,
      `${D}rest-mistakes.yaml:15:7  apis.partners.routes.$default: a REST API has no $default route: write ANY /{proxy+} for every path no other route matches`,
      `${D}rest-mistakes.yaml:17:7  apis.partners.routes.PUT /orders/{order}: {order} under /orders: GET /orders/{id} has {id} there, and a REST API takes one path parameter per level: name them the same`,
      `${D}rest-mistakes.yaml:18:17  apis.partners.routes.GET /web: "web" is a container service: a REST API's routes invoke functions here (its VPC links reach network load balancers only); forward to a container service from a kind: http API, through a VPC link to the shared load balancer`,
      `${D}rest-mistakes.yaml:21:15  apis.partners.routes.POST /orders.body: must be a JSON Schema with a type (e.g. type: object, properties: ...)`,
      `${D}rest-mistakes.yaml:28:5  apis.keys.usage_plans: no route uses auth: api_key: remove usage_plans, or write auth: api_key`,
      `${D}rest-mistakes.yaml:30:24  apis.keys.usage_plans.silver.keys[0]: the key acme is in usage plan gold too: a key takes one plan's throttling and quota on a stage`,
      `${D}rest-mistakes.yaml:32:11  apis.http.auth: auth: api_key is for kind: rest APIs (keys of usage plans); write kind: rest, or iam or jwt`,
      `${D}rest-mistakes.yaml:34:39  apis.http.routes.GET /search.query: query is for kind: rest APIs (request validation); this one is kind: http`,
      `${D}rest-mistakes.yaml:37:11  apis.graph.auth: auth: api_key is for kind: rest APIs (keys of usage plans); AppSync's API keys expire within a year: write iam, jwt or cognito`,
      `${D}rest-mistakes.yaml:38:5  apis.graph.schema: Query.order, Query.orders, Query.stats have no resolver: they would always answer null; add them under resolvers (a function, a table and an operation, or a service, a method and a path)`,
      `${D}rest-mistakes.yaml:38:5  apis.graph.schema: Mutation.putOrder has no resolver: it would always answer null; add it under resolvers (a function, a table and an operation, or a service, a method and a path)`,
      `${D}rest-mistakes.yaml:43:7  apis.browser.routes.OPTIONS /x: with cors, API Gateway answers OPTIONS /x itself (the preflight): remove the route, or cors`,
      `${D}rest-mistakes.yaml:45:22  apis.browser.cors.origins: a REST API answers preflights with one origin (or *), not 2: write one, or use kind: http, whose CORS answers each origin it allows`,
    ],
  },

  {
    // GraphQL: auth none, keys of HTTP APIs, a user pool without cognito, an unresolved Query field, table resolvers
    // whose field lacks the key's arguments, a misspelt field and type, a resolver to a queue and to a container
    // service; a schema file missing, one with a syntax error and one naming an undeclared type (each at its own
    // line in the schema file); an HTTP API with cognito, a schema and no routes.
    file: 'graphql-mistakes.yaml',
    issues: [
      `${D}graphql-mistakes.yaml:12:11  apis.shop.auth: AppSync has no unauthenticated access (API keys expire within a year): write iam, jwt or cognito`,
      `${D}graphql-mistakes.yaml:14:5  apis.shop.cors: cors is for kind: http and rest APIs; this one is kind: graphql`,
      `${D}graphql-mistakes.yaml:15:5  apis.shop.user_pool: user_pool configures the pool generated for auth: cognito: write auth: cognito, or remove user_pool`,
      `${D}graphql-mistakes.yaml:16:5  apis.shop.resolvers: Query.stats has no resolver: it would always answer null; add it under resolvers (a function, a table and an operation, or a service, a method and a path)`,
      `${D}graphql-mistakes.yaml:17:48  apis.shop.resolvers.Query.order.operation: get on table orders needs order_id (the table's key) among its arguments, which lack order_id`,
      `${D}graphql-mistakes.yaml:18:7  apis.shop.resolvers.Query.ordrs: Query has no field ordrs (did you mean "Query.orders"?)`,
      `${D}graphql-mistakes.yaml:19:7  apis.shop.resolvers.Qery.stats: the schema has no object type Qery (did you mean "Query"?)`,
      `${D}graphql-mistakes.yaml:20:54  apis.shop.resolvers.Mutation.putOrder.operation: put on table orders needs order_id (the table's key) among its arguments, which lack order_id`,
      `${D}graphql-mistakes.yaml:21:30  apis.shop.resolvers.Query.orders.table: "events" is sqs: a table resolver reads and writes a DynamoDB table (engine: dynamodb); resolve the field with a function that uses events`,
      `${D}graphql-mistakes.yaml:25:13  apis.missing.schema: ${D}graphql/nowhere.graphql does not exist: write the GraphQL schema file (schema is relative to the blueprint file that writes it)`,
      `${D}graphql-mistakes.yaml:36:20  apis.unknown.resolvers.Query.order: "web" is a container service: a function resolver invokes a function (kind: function); for a public container service write { service: ..., method: ..., path: ... }`,
      `${D}graphql-mistakes.yaml:39:5  apis.http.kind: kind: http needs routes (e.g. GET /orders/{id}: get-order)`,
      `${D}graphql-mistakes.yaml:39:11  apis.http.auth: auth: cognito is for kind: graphql and rest APIs (a generated user pool); for an HTTP API write auth: jwt with your user pool's issuer and client IDs`,
      `${D}graphql-mistakes.yaml:40:5  apis.http.schema: schema is for kind: graphql APIs; this one is kind: http`,
      `${D}graphql/broken.graphql:4:1  apis.broken.schema: Syntax Error: Expected "]", found "}".`,
      `${D}graphql/unknown-type.graphql:2:19  apis.unknown.schema: Unknown type "Order".`,
    ],
  },

  {
    // GraphQL resolvers to container services, with no security.tls: plain HTTP (each service resolver), a path
    // parameter that is no argument of the field (with the closest argument), a service off the load balancer, a
    // method AppSync's resolver does not send (HEAD), a path the load balancer would send elsewhere.
    file: 'graphql-http-mistakes.yaml',
    issues: [
      `${D}graphql-http-mistakes.yaml:16:31  apis.shop.resolvers.Query.order.service: the load balancer serves plain HTTP (no security.tls): AppSync calls HTTP data sources over HTTPS by a public name only, so write security.tls with a domain (the listener's certificate, and the name AppSync calls orders at)`,
      `${D}graphql-http-mistakes.yaml:16:58  apis.shop.resolvers.Query.order.path: {iid} is no argument of Query.order (its arguments: id; did you mean {id}?): a path parameter is filled from the field's argument of that name`,
      `${D}graphql-http-mistakes.yaml:17:32  apis.shop.resolvers.Query.orders.service: "backend" is not on the load balancer: AppSync calls a container service at the shared load balancer's public HTTPS name (it reaches no private endpoint), so write public: true on it`,
      `${D}graphql-http-mistakes.yaml:18:31  apis.shop.resolvers.Query.stats.service: the load balancer serves plain HTTP (no security.tls): AppSync calls HTTP data sources over HTTPS by a public name only, so write security.tls with a domain (the listener's certificate, and the name AppSync calls orders at)`,
      `${D}graphql-http-mistakes.yaml:18:47  apis.shop.resolvers.Query.stats.method: must be one of "GET", "POST", "PUT", "PATCH", "DELETE" (got "HEAD")`,
      `${D}graphql-http-mistakes.yaml:19:37  apis.shop.resolvers.Mutation.putOrder.service: the load balancer serves plain HTTP (no security.tls): AppSync calls HTTP data sources over HTTPS by a public name only, so write security.tls with a domain (the listener's certificate, and the name AppSync calls orders at)`,
      `${D}graphql-http-mistakes.yaml:19:37  apis.shop.resolvers.Mutation.putOrder.service: /carts/{order_id} is not under orders's path /orders/*: the load balancer would send it elsewhere; call a path under /orders/*`,
      `${D}graphql-http-mistakes.yaml:19:64  apis.shop.resolvers.Mutation.putOrder.path: {order_id} is no argument of Mutation.putOrder (its arguments: total): a path parameter is filled from the field's argument of that name`,
    ],
  },
  {
    // A GraphQL resolver to a container service behind a CDN (the load balancer admits CloudFront only).
    file: 'graphql-http-cdn.yaml',
    issues: [
      `${D}graphql-http-cdn.yaml:20:31  apis.shop.resolvers.Query.order.service: behind a CDN the load balancer admits CloudFront only, and its name is the distribution's: AppSync calling orders through the CDN is not rendered yet (resolve the field with a function, or remove cdn)`,
    ],
  },
  {
    // GraphQL resolvers to a container service whose HTTPS name is not known (a wildcard security.tls.domain, no host).
    file: 'graphql-http-no-name.yaml',
    issues: [
      `${D}graphql-http-no-name.yaml:15:31  apis.shop.resolvers.Query.order.service: the load balancer serves HTTPS but its name is not known (security.tls.domain *.example.com is a wildcard): AppSync calls the load balancer by that name (its certificate verified), so write host on orders or security.tls.domain`,
      `${D}graphql-http-no-name.yaml:16:32  apis.shop.resolvers.Query.orders.service: the load balancer serves HTTPS but its name is not known (security.tls.domain *.example.com is a wildcard): AppSync calls the load balancer by that name (its certificate verified), so write host on orders or security.tls.domain`,
      `${D}graphql-http-no-name.yaml:17:31  apis.shop.resolvers.Query.stats.service: the load balancer serves HTTPS but its name is not known (security.tls.domain *.example.com is a wildcard): AppSync calls the load balancer by that name (its certificate verified), so write host on orders or security.tls.domain`,
      `${D}graphql-http-no-name.yaml:18:37  apis.shop.resolvers.Mutation.putOrder.service: the load balancer serves HTTPS but its name is not known (security.tls.domain *.example.com is a wildcard): AppSync calls the load balancer by that name (its certificate verified), so write host on orders or security.tls.domain`,
    ],
  },

  {
    // A GraphQL API's custom domain in a stack outside us-east-1, where AppSync takes no certificate.
    file: 'graphql-domain-region.yaml',
    issues: [
      `${D}graphql-domain-region.yaml:14:13  apis.shop.domain: AppSync serves a custom domain from CloudFront, which takes certificates from us-east-1 only: not rendered for a stack in eu-west-1 yet (remove domain: clients use the API's own endpoint)`,
    ],
  },
  {
    // A CDN in front of an API: outside us-east-1 (CloudFront's web ACLs), with auth: iam (SigV4 signs the Host
    // header CloudFront replaces); with a domain, outside us-east-1 too (its certificate would be CloudFront's).
    file: 'api-cdn-mistakes.yaml',
    issues: [
      `${D}api-cdn-mistakes.yaml:14:10  apis.signed.cdn: CloudFront's web ACLs are created in us-east-1 only: a CDN in front of an API is not rendered for a stack in eu-west-1 yet`,
      `${D}api-cdn-mistakes.yaml:14:10  apis.signed.cdn: auth: iam signs the Host header (SigV4), which CloudFront replaces on its way to the API: use jwt behind a CDN, or remove cdn`,
      `${D}api-cdn-mistakes.yaml:21:10  apis.named.cdn: CloudFront's web ACLs are created in us-east-1 only: a CDN in front of an API is not rendered for a stack in eu-west-1 yet`,
    ],
  },
  {
    // A CDN in front of the load balancer: outside us-east-1, without security.tls (plain HTTP to the origin), with a
    // standby (origin failover not rendered yet), with an API route through a VPC link (the load balancer admits CloudFront only).
    file: 'lb-cdn-mistakes.yaml',
    issues: [
      `${D}lb-cdn-mistakes.yaml:17:18  load_balancing.public.cdn: CloudFront takes certificates and web ACLs from us-east-1 only: a CDN in front of the load balancer is not rendered for a stack in eu-west-1 yet`,
      `${D}lb-cdn-mistakes.yaml:17:18  load_balancing.public.cdn: needs security.tls.domain: CloudFront reaches the load balancer over the internet, which without a certificate would be plain HTTP, and viewers need a name the certificate covers`,
      `${D}lb-cdn-mistakes.yaml:17:18  load_balancing.public.cdn: a standby (pilot-light, warm-standby) takes over from the load balancer, which behind a CDN only the distribution reaches: origin failover (the standby's load balancer as the distribution's second origin) is not rendered yet; remove cdn or the standby`,
      `${D}lb-cdn-mistakes.yaml:17:18  load_balancing.public.cdn: API shop's route GET /orders reaches the load balancer through a VPC link, which behind a CDN admits CloudFront only: not rendered yet (route the API's callers through the distribution instead, or remove cdn)`,
    ],
  },
  {
    // A CDN with no public service (no load balancer), and a certificate without security.tls.domain (no name to answer on).
    file: 'lb-cdn-nothing-public.yaml',
    issues: [
      `${D}lb-cdn-nothing-public.yaml:13:18  load_balancing.public.cdn: no service is public (public: true): there is no load balancer to put a CDN in front of`,
      `${D}lb-cdn-nothing-public.yaml:13:18  load_balancing.public.cdn: needs security.tls.domain: the distribution answers on that name (with the load balancer's certificate), and CloudFront verifies the load balancer's certificate against it`,
    ],
  },
  {
    // Routes to container services: a wildcard TLS domain and no host (the listener's name unknown), a path outside the
    // service's path, a service off the load balancer, a worker, an undeclared service.
    file: 'vpc-link-mistakes.yaml',
    issues: [
      `${D}vpc-link-mistakes.yaml:21:25  apis.shop.routes.GET /orders/{id}: the load balancer serves HTTPS but its name is not known (security.tls.domain *.example.com is a wildcard): API Gateway verifies the listener's certificate by name, so write host on orders or security.tls.domain`,
      `${D}vpc-link-mistakes.yaml:22:30  apis.shop.routes.GET /carts.service: the load balancer serves HTTPS but its name is not known (security.tls.domain *.example.com is a wildcard): API Gateway verifies the listener's certificate by name, so write host on orders or security.tls.domain`,
      `${D}vpc-link-mistakes.yaml:22:30  apis.shop.routes.GET /carts.service: /carts is not under orders's path /orders/*: the load balancer would send it elsewhere; route a path under /orders/*`,
      `${D}vpc-link-mistakes.yaml:23:21  apis.shop.routes.GET /backend: "backend" is not on the load balancer: a route reaches a container service through a VPC link to the shared load balancer, so write public: true on it`,
      `${D}vpc-link-mistakes.yaml:24:29  apis.shop.routes.GET /jobs.service: "jobs" is a worker: a route forwards to a container service (kind: container, public: true) through a VPC link, or invokes a function`,
      `${D}vpc-link-mistakes.yaml:25:32  apis.shop.routes.GET /nothing.service: "nowhere" is not declared under services`,
    ],
  },

  // ---- DNS ---------------------------------------------------------------------
  {
    // Domains outside network.dns's zone, one name for two entry points, a name that is not a domain.
    file: 'dns-mistakes.yaml',
    issues: [
      `${D}dns-mistakes.yaml:11:18  security.tls.domain: shop.example.org is not in network.dns.zone (example.com): the stack writes records and validates certificates in that zone only`,
      `${D}dns-mistakes.yaml:17:13  apis.public.domain: shop.example.org is already security.tls.domain's name: give each entry point a name of its own (e.g. api.example.com)`,
      `${D}dns-mistakes.yaml:17:13  apis.public.domain: shop.example.org is not in network.dns.zone (example.com): the stack writes records and validates certificates in that zone only`,
      `${D}dns-mistakes.yaml:22:13  apis.other.domain: must be a domain name such as api.example.com (got "Api.example.com")`,
    ],
  },
  {
    // A zone named, but the load balancer has a certificate and no domain, and no API a domain: nothing to write.
    file: 'dns-nothing-to-write.yaml',
    issues: [
      `${D}dns-nothing-to-write.yaml:10:3  network.dns: no entry point has a domain to write in this zone: name one with security.tls.domain (the public load balancer's) apis.<name>.domain or a static site's domain, or remove network.dns`,
    ],
  },

  // ---- functions ---------------------------------------------------------------
  {
    // Every key a function does not have, its code missing or a plain file, a trigger missing, doubled or not a
    // queue, a timeout or duration its queue cannot hold, memory outside Lambda's range, calls to and from it.
    file: 'function-mistakes.yaml',
    issues: [
      `${D}function-mistakes.yaml:7:12  services.web.uses[0]: "resize" is a function: direct calls to a function are not rendered yet (send it messages through the queue it consumes, uses: [jobs], or call it through an API route)`,
      `${D}function-mistakes.yaml:10:11  services.resize.code: ${D}functions/missing does not exist (code is relative to the blueprint file that writes it)`,
      `${D}function-mistakes.yaml:11:12  services.resize.image: a function runs its code (code) or a container image (image), not both: remove one`,
      `${D}function-mistakes.yaml:11:12  services.resize.image: nginx is in Docker Hub: Lambda runs images from a private Amazon ECR repository only; push it to ECR in us-east-1 and write its URI, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/resize:1.0`,
      `${D}function-mistakes.yaml:12:5  services.resize.cpu: Lambda gives a function CPU in proportion to its memory (1769 MiB is one vCPU): write memory instead`,
      `${D}function-mistakes.yaml:13:5  services.resize.port: a function listens on no port: Lambda invokes it`,
      `${D}function-mistakes.yaml:15:13  services.resize.memory: 64 MiB is outside what Lambda gives a function: 128-10240 MiB`,
      `${D}function-mistakes.yaml:16:22  services.resize.timeout_seconds: 10 s x 6 is above the visibility timeout of jobs (30 s): raise data.jobs.visibility_timeout_seconds to at least 60, or lower the timeout`,
      `${D}function-mistakes.yaml:17:12  services.resize.uses[0]: a function reaches data stores only: "web" is a service, and Service Connect names work for ECS services, not functions`,
      `${D}function-mistakes.yaml:20:11  services.nightly.code: ${D}functions/notes.txt is a file: write a directory holding the code, or a .zip file`,
      `${D}function-mistakes.yaml:21:15  services.nightly.schedule: a function consumes a queue or runs on a schedule, not both: split it in two functions`,
      `${D}function-mistakes.yaml:24:11  services.idle.kind: nothing invokes this function: write consumes (an SQS queue under data), triggers (a DynamoDB table's stream, triggers: { table: NAME }, or an S3 bucket's created objects, triggers: { bucket: NAME }) or schedule (e.g. rate(15 minutes)), or route an API to it (apis.NAME.routes or apis.NAME.resolvers)`,
      `${D}function-mistakes.yaml:30:18  services.slow.duration_ms: 9000 ms does not fit its 5 s timeout (the visibility timeout of jobs, 30 s, / 6): raise data.jobs.visibility_timeout_seconds`,
      `${D}function-mistakes.yaml:34:15  services.reader.consumes: "orders" is not an SQS queue (engine: dynamodb): a function consumes an sqs store (a table's stream invokes a function with triggers: { table: orders })`,
      `${D}function-mistakes.yaml:37:5  services.svc.runtime: only a function has this key (set kind: function, or remove it)`,
    ],
  },
  {
    // triggers: a function's only; a table's stream needs a DynamoDB table, a bucket trigger an S3 bucket, prefix and suffix a bucket; one trigger per function, not behind an API.
    file: 'function-trigger-mistakes.yaml',
    issues: [
      `${D}function-trigger-mistakes.yaml:8:5  services.web.triggers: only a function has this key (set kind: function, or remove it)`,
      `${D}function-trigger-mistakes.yaml:12:24  services.images.triggers.table: "uploads" is not a DynamoDB table (engine: s3): a stream trigger reads a table's change stream; a bucket's objects invoke a function with triggers: { bucket: uploads }`,
      `${D}function-trigger-mistakes.yaml:16:15  services.late.triggers: API shop invokes this function too: a function that an API invokes is sized and timed for requests that wait, so give the stream a function of its own`,
      `${D}function-trigger-mistakes.yaml:16:24  services.late.triggers.table: "order" is not declared under data (did you mean "orders"?): a stream trigger names a DynamoDB table (engine: dynamodb)`,
      `${D}function-trigger-mistakes.yaml:20:15  services.both.triggers: a function is triggered by a table stream or consumes a queue, not both: split it in two functions`,
      `${D}function-trigger-mistakes.yaml:25:15  services.timed.triggers: a function is triggered by a table stream or runs on a schedule, not both: split it in two functions`,
      `${D}function-trigger-mistakes.yaml:30:40  services.wide.triggers.bucket: a function is triggered by a table stream or by bucket events, not both: split it in two functions`,
      `${D}function-trigger-mistakes.yaml:34:25  services.tabled.triggers.bucket: "orders" is not an S3 bucket (engine: dynamodb): a bucket trigger is invoked by a bucket's created objects; a table's stream invokes a function with triggers: { table: orders }`,
      `${D}function-trigger-mistakes.yaml:38:40  services.filtered.triggers.suffix: filters the keys of a bucket's objects: only with bucket (triggers: { bucket: NAME, suffix: ... })`,
      `${D}function-trigger-mistakes.yaml:42:15  services.empty.triggers: write what invokes the function: table (a DynamoDB table's stream) or bucket (an S3 bucket's created objects)`,
    ],
  },
  {
    // A standby's replica stream would run the function a second time for every write: not rendered yet, said at the key.
    file: 'function-trigger-standby.yaml',
    issues: [
      `${D}function-trigger-standby.yaml:12:24  services.project.triggers.table: a stream trigger in a system with a pilot-light standby is not rendered yet: the replica's stream in us-west-2 carries every replicated write, so the standby's function would process each change a second time; a disabled mapping there, enabled on failover, is not rendered`,
    ],
  },
  {
    // A function's image: code or an image, an image in private ECR in the stack's region (not ECR Public, not Docker Hub), no runtime or handler with it.
    file: 'function-image-mistakes.yaml',
    issues: [
      `${D}function-image-mistakes.yaml:9:12  services.both.image: a function runs its code (code) or a container image (image), not both: remove one`,
      `${D}function-image-mistakes.yaml:13:12  services.public.image: public.ecr.aws/lambda/nodejs:22 is in ECR Public: Lambda runs images from a private Amazon ECR repository only; push it to ECR in us-east-1 and write its URI, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/public:1.0`,
      `${D}function-image-mistakes.yaml:17:12  services.hub.image: nginx:1.27 is in Docker Hub: Lambda runs images from a private Amazon ECR repository only; push it to ECR in us-east-1 and write its URI, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/hub:1.0`,
      `${D}function-image-mistakes.yaml:21:12  services.elsewhere.image: the image is in ECR in eu-west-1: Lambda pulls images from the function's own region only (us-east-1); replicate the repository there and write that URI`,
      `${D}function-image-mistakes.yaml:26:5  services.typed.runtime: a function from a container image has no runtime: the image carries its runtime and entry point (its CMD)`,
      `${D}function-image-mistakes.yaml:27:5  services.typed.handler: a function from a container image has no handler: the image carries its runtime and entry point (its CMD)`,
    ],
  },
  {
    // provisioned_concurrency: a function's only, within its reserved concurrency (written, or derived: 1 on a schedule); 1 within it is fine.
    file: 'provisioned-concurrency.yaml',
    issues: [
      `${D}provisioned-concurrency.yaml:9:5  services.web.provisioned_concurrency: only a function has this key (set kind: function, or remove it)`,
      `${D}provisioned-concurrency.yaml:15:30  services.capped.provisioned_concurrency: 5 copies kept initialized are more than the function may run at once, its concurrency 4: lower provisioned_concurrency to at most 4, or raise concurrency`,
      `${D}provisioned-concurrency.yaml:20:30  services.hourly.provisioned_concurrency: 2 copies kept initialized are more than the function may run at once, its concurrency 1 (a scheduled function runs one at a time): lower provisioned_concurrency to at most 1, or raise concurrency`,
    ],
  },
  {
    // A number of copies, at least 1, or false: 0 and true are neither.
    file: 'provisioned-concurrency-type.yaml',
    issues: [
      `${D}provisioned-concurrency-type.yaml:8:30  services.none.provisioned_concurrency: must be at least 1 (got 0)`,
      `${D}provisioned-concurrency-type.yaml:13:30  services.yes.provisioned_concurrency: must be a number of copies (1 or more), or false for none (got true)`,
    ],
  },
  {
    // A port, and each routing or probing key once, with the worker's reason (not also the internal-service one).
    file: 'worker-public.yaml',
    issues: [
      `${D}worker-public.yaml:9:5  services.processor.port: a worker listens on no port: it pulls its work from its queue, and nothing connects to it`,
      `${D}worker-public.yaml:10:5  services.processor.public: a worker pulls its work from its queue: it is not routed or probed (no load balancer, no health check)`,
      `${D}worker-public.yaml:11:5  services.processor.path: a worker pulls its work from its queue: it is not routed or probed (no load balancer, no health check)`,
      `${D}worker-public.yaml:12:5  services.processor.health_check: a worker pulls its work from its queue: it is not routed or probed (no load balancer, no health check)`,
    ],
  },
  {
    // Nobody calls a worker; a worker may call an internal service (processor uses api: no issue).
    file: 'worker-called.yaml',
    issues: [
      `${D}worker-called.yaml:4:45  services.web.uses[0]: "processor" is a worker: it has no address to call (send it messages through its queue, uses: [jobs])`,
    ],
  },
  {
    // min: 0 is fine for a worker even at 99.95 % (no task needs to cover an AZ); CPU and request targets are not.
    file: 'worker-scaling-on-cpu.yaml',
    issues: [
      `${D}worker-scaling-on-cpu.yaml:11:24  services.processor.scaling.target_cpu: a worker scales in steps on its queue (depth, age of the oldest message), not on CPU or requests: with no task running there is nothing to measure`,
      `${D}worker-scaling-on-cpu.yaml:11:40  services.processor.scaling.target_requests_per_task: a worker scales in steps on its queue (depth, age of the oldest message), not on CPU or requests: with no task running there is nothing to measure`,
    ],
  },
  {
    // Fargate Spot is for queue workers only: without one the key would change nothing (at the key, not its value).
    file: 'spot-without-worker.yaml',
    issues: [
      `${D}spot-without-worker.yaml:14:3  cost.spot_for_workers: no worker (kind: worker) to run on Fargate Spot: only queue workers do, since a message an interrupted task held returns to its queue; HTTP services and scheduled jobs stay on regular Fargate (remove the key, or add a worker)`,
    ],
  },

  // ---- extends ---------------------------------------------------------------
  {
    file: 'extends-cycle-a.yaml',
    issues: [
      `${B}cycle-c.yaml:1:10  extends: extends cycle: ${D}extends-cycle-a.yaml -> ${D}extends-cycle-b.yaml -> ${B}cycle-c.yaml -> ${D}extends-cycle-a.yaml`,
    ],
  },
  {
    file: 'extends-cycle-b.yaml',
    issues: [
      `${D}extends-cycle-a.yaml:1:10  extends: extends cycle: ${D}extends-cycle-b.yaml -> ${B}cycle-c.yaml -> ${D}extends-cycle-a.yaml -> ${D}extends-cycle-b.yaml`,
    ],
  },
  {
    file: 'extends-self.yaml',
    issues: [`${D}extends-self.yaml:1:10  extends: extends cycle: ${D}extends-self.yaml -> ${D}extends-self.yaml`],
  },
  {
    file: 'extends-missing-base.yaml',
    issues: [
      `${D}extends-missing-base.yaml:1:10  extends: base blueprint ./bases/no-such-base.yaml not found (${B}no-such-base.yaml; chain: ${D}extends-missing-base.yaml -> ${B}no-such-base.yaml)`,
    ],
  },
  {
    file: 'extends-folder.yaml',
    issues: [
      `${D}extends-folder.yaml:1:10  extends: base blueprint ./bases cannot be read: it is a folder, not a file (${D}bases; chain: ${D}extends-folder.yaml -> ${D}bases)`,
    ],
  },
  {
    file: 'extends-not-a-string.yaml',
    issues: [`${D}extends-not-a-string.yaml:1:10  extends: must be the path of a base blueprint, e.g. ./base.yaml`],
  },
  {
    file: 'extends-error-in-base.yaml',
    issues: [`${B}bad-port-base.yaml:6:11  services.web.port: must be at most 65535 (got 99999)`],
  },
  {
    file: 'extends-error-in-fork.yaml',
    issues: [`${D}extends-error-in-fork.yaml:5:11  services.web.port: must be at least 1 (got 0)`],
  },
  {
    file: 'extends-fork-unknown-key.yaml',
    issues: [`${D}extends-fork-unknown-key.yaml:5:5  services.web.imgae: unknown key (did you mean "image"?)`],
  },
  {
    file: 'extends-errors-in-base-and-fork.yaml',
    issues: [
      `${B}bad-port-base.yaml:6:11  services.web.port: must be at most 65535 (got 99999)`,
      `${D}extends-errors-in-base-and-fork.yaml:2:7  name: must be 2-32 lowercase letters, digits or dashes, starting with a letter (got "Shop-Staging")`,
      `${D}extends-errors-in-base-and-fork.yaml:5:11  services.web.arch: must be one of "arm64", "x86_64" (got "x86")`,
    ],
  },
  {
    file: 'extends-cross-file-check.yaml',
    issues: [`${B}two-azs-base.yaml:6:8  network.azs: 2 AZs give at most 99.9 % availability, but requirements.availability is 99.95 (use 3)`],
  },
  {
    file: 'extends-null-removes-required.yaml',
    issues: [
      `${D}extends-null-removes-required.yaml:3:1  services: required`,
    ],
  },

  // ---- several errors at once ----------------------------------------------------
  {
    file: 'many-errors.yaml',
    issues: [
      `${D}many-errors.yaml:2:7  name: must be 2-32 lowercase letters, digits or dashes, starting with a letter (got "Shop")`,
      `${D}many-errors.yaml:4:17  requirements.availability: must be at most 100 (got 101)`,
      `${D}many-errors.yaml:9:5  services.web.prot: unknown key (did you mean "port"?)`,
      `${D}many-errors.yaml:10:10  services.web.cpu: must be one of 256, 512, 1024, 2048, 4096, 8192, 16384 (got 300)`,
      `${D}many-errors.yaml:11:13  services.web.public: must be a boolean (got "yes")`,
      `${D}many-errors.yaml:14:17  services.api.uses[1]: "db" is not declared under services or data`,
      `${D}many-errors.yaml:16:9  network.cidr: must be an IPv4 CIDR block from /16 to /24, e.g. 10.0.0.0/16 (got "10.0.0.0")`,
    ],
  },
  {
    file: 'growth-over-aurora-limit.yaml',
    issues: [
      `${D}growth-over-aurora-limit.yaml:9:22  data.tweets.growth_gb_month: 150000 GB a month fills Aurora's 128 TiB cluster volume (131072 GB) in 0.9 months, before the year Blueprint sizes it for: keep large objects in an S3 bucket (engine: s3) and their keys in the database, or split the data over several stores`,
    ],
  },
  {
    file: 'growth-split-over-aurora-limit.yaml',
    issues: [
      `${D}growth-split-over-aurora-limit.yaml:5:25  requirements.data_growth_gb_month: the share of data.tweets, 150000 GB a month (what the stores that declare growth_gb_month leave, split evenly over those that do not), fills Aurora's 128 TiB cluster volume (131072 GB) in 0.9 months, before the year Blueprint sizes it for: keep large objects in an S3 bucket (engine: s3) and their keys in the database, or split the data over several stores; write growth_gb_month on each store to say where the data lands`,
    ],
  },
  {
    file: 'growth-declared-over-requirement.yaml',
    issues: [
      `${D}growth-declared-over-requirement.yaml:5:25  requirements.data_growth_gb_month: the stores declare 120 GB a month (ledger 80, statements 40), more than the whole system's 100: raise this, or lower a store's growth_gb_month`,
    ],
  },
  {
    file: 'table-item-too-large.yaml',
    issues: [`${D}table-item-too-large.yaml:7:69  data.pages.item_kb: must be at most 400 (got 500): DynamoDB's limit on an item; keep larger objects in an S3 bucket and their key in the table`],
  },
  {
    file: 'placement-public-under-profile.yaml',
    issues: [
      `${D}placement-public-under-profile.yaml:11:16  services.fetcher.placement: PCI DSS (requirements.compliance) requires compute off public addresses: placement: public is refused; leave it out (its tasks run in private subnets behind NAT)`,
    ],
  },
  {
    file: 'worker-peak-rps.yaml',
    issues: [`${D}worker-peak-rps.yaml:9:5  services.worker.peak_rps: a worker takes messages, not requests: write the rate into its queue as peak_messages_per_second on data.jobs`],
  },
  {
    file: 'noncurrent-on-unversioned-bucket.yaml',
    issues: [`${D}noncurrent-on-unversioned-bucket.yaml:10:18  data.scratch.lifecycle.noncurrent_expire_after_days: an unversioned bucket keeps no noncurrent versions to expire: remove it, or remove versioned: false`],
  },
  {
    file: 'spot-arm64-workers-only.yaml',
    issues: [
      `${D}spot-arm64-workers-only.yaml:12:3  cost.spot_for_workers: every worker (resizer) is arm64, and Fargate Spot runs x86_64 Linux tasks only: write arch: x86_64 on the workers to put on Spot (their images need an x86_64 build), or remove the key`,
    ],
  },
  {
    file: 'many-cross-field-errors.yaml',
    issues: [
      `${D}many-cross-field-errors.yaml:6:13  services.web.memory: 8192 MiB does not fit 256 CPU units on Fargate (512-2048 MiB in steps of 512)`,
      `${D}many-cross-field-errors.yaml:7:17  services.web.uses[1]: a service cannot use itself`,
      `${D}many-cross-field-errors.yaml:8:29  services.web.scaling.max: must be at least min (3)`,
      `${D}many-cross-field-errors.yaml:11:5  services.api.host: only public services are routed on the load balancer (set public: true, or remove it)`,
    ],
  },
];

function format(i: BlueprintIssue): string {
  return `${i.file}:${i.line}:${i.col}  ${i.path ? `${i.path}: ` : ''}${i.message}`;
}

function lineCount(file: string): number {
  return readFileSync(file, 'utf8').split('\n').length;
}

function load(file: string): { error: unknown; ms: number } {
  const start = Date.now();
  try {
    loadBlueprint(file);
  } catch (error) {
    return { error, ms: Date.now() - start };
  }
  return { error: undefined, ms: Date.now() - start };
}

beforeAll(() => {
  // Issue paths are relative to the working directory: run from the repo root.
  process.chdir(nodePath.resolve(__dirname, '..'));
});

describe('bad-input corpus: every mistake is reported, exactly, where it was written', () => {
  for (const c of cases) {
    // BLUEPRINT_SHOW_BUGS=1 runs the bug cases as plain tests, to see what the loader says today.
    const run = c.bug && !process.env.BLUEPRINT_SHOW_BUGS ? test.failing : test;
    run(c.bug ? `${c.file} [BUG: ${c.bug}]` : c.file, () => {
      const { error, ms } = load(D + c.file);
      // Rejected quickly (alias bombs included), with a BlueprintError and nothing else.
      expect(ms).toBeLessThan(2000);
      expect(error).toBeInstanceOf(BlueprintError);
      const e = error as BlueprintError;
      expect(e.name).toBe('BlueprintError');

      // The printed message: every issue, in file order, exactly.
      const lines = e.message.split('\n');
      expect(lines).toEqual(c.issues.map((x) => (typeof x === 'string' ? x : expect.stringMatching(x))));

      // .issues holds the same issues as the message (its own order is not file order).
      expect(e.issues.map(format).sort()).toEqual([...lines].sort());

      // Every position is a real place in a real file: 1-based, within the file.
      for (const i of e.issues) {
        expect(i.line).toBeGreaterThanOrEqual(1);
        expect(i.col).toBeGreaterThanOrEqual(1);
        expect(i.line).toBeLessThanOrEqual(lineCount(i.file));
      }
    });
  }
});

test('every file in bad-input/ has a case in the table', () => {
  const files = readdirSync(nodePath.resolve(__dirname, 'bad-input')).filter((f) => f.endsWith('.yaml'));
  expect(files.sort()).toEqual(cases.map((c) => c.file).sort());
});

test('the corpus has at least 30 cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
});
