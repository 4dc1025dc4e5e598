import type { Blueprint, Service } from '../schema';
import { HOURS } from '../cost/bill';
import { pricesFor } from '../cost/prices';
import { pct, type DecisionLog } from './decisions';
import type { SecurityDesign, SubnetTier } from './types';

/**
 * Where a task runs. Private subnets behind NAT by default; public subnets with a public IP when the network
 * has no NAT, when written, or for a worker or scheduled job whose declared internet traffic (egress_gb_month)
 * would cost more in NAT processing than public IPv4 addresses for its tasks, unless a compliance profile keeps
 * tasks off public addresses. A public task's security group still admits nothing but its load balancer and
 * declared callers (a worker's or job's: nothing), and each GB it downloads is free, where NAT bills every GB.
 */
export function designPlacement(
  bp: Blueprint,
  key: string,
  svc: Service,
  tasks: number,
  security: SecurityDesign,
  log: DecisionLog,
): { subnets: SubnetTier; assignPublicIp: boolean } {
  const subject = `services.${key}`;
  const egress = svc.egress_gb_month;
  const place = (tier: 'public' | 'private', source: 'written' | 'derived', rationale: string) => {
    log.record({ concern: 'compute', subject, name: 'placement', value: tier === 'public' ? 'public subnets, public IP' : 'private subnets, no public IP', source, rationale });
    return { subnets: tier, assignPublicIp: tier === 'public' };
  };
  if (egress !== undefined) {
    log.record({
      concern: 'compute',
      subject,
      name: 'egress_gb_month',
      value: egress,
      source: 'written',
      rationale: 'GB a month the tasks exchange with the internet on their own connections: billed as NAT processing in private subnets, free in both directions from a public IP (what they upload is data transfer out either way)',
    });
  }
  if (bp.network.nat === 'none') {
    return place('public', 'derived', 'network.nat is none: a task needs a public IP to reach image registries and CloudWatch Logs; its security group admits only the load balancer and declared callers');
  }
  if (svc.placement !== undefined) {
    return svc.placement === 'public'
      ? place('public', 'written', 'written: public subnets with a public IP, no NAT in the way; the security group admits only the load balancer and declared callers')
      : place('private', 'written', `written: private subnets behind NAT${egress ? `; its ${pct(egress)} GB a month of internet traffic is billed as NAT processing` : ''}`);
  }
  const egressHeavy = egress !== undefined && egress > 0 && (svc.kind === 'worker' || svc.kind === 'scheduled');
  if (!egressHeavy) {
    return place(
      'private',
      'derived',
      svc.kind === 'worker'
        ? 'compute stays private: nothing reaches a worker; it connects out (its queue, stores, image registry) through NAT'
        : svc.kind === 'scheduled'
          ? 'compute stays private: nothing reaches a job; it connects out (its stores, image registry) through NAT'
          : 'compute stays private: the internet reaches it only through the load balancer; egress goes through NAT',
    );
  }
  if (security.profiles.length) {
    return place('private', 'derived', `${security.profiles.join(', ')}: tasks stay off public addresses (cardholder or health data systems keep compute in private subnets), so its ${pct(egress!)} GB a month go through NAT`);
  }
  const region = bp.requirements.regions.primary;
  const prices = pricesFor(region)?.prices;
  const perGb = prices?.['ec2.nat-gateway.gb-processed']?.usd;
  const perAddressHour = prices?.['ec2.public-ipv4.hour']?.usd;
  if (perGb === undefined || perAddressHour === undefined) {
    return place('private', 'derived', `no NAT or public IPv4 price for ${region} in the price snapshot, so the cheaper placement is not known: private behind NAT (write placement: public to skip NAT)`);
  }
  const nat = egress! * perGb;
  const addresses = tasks * perAddressHour * HOURS;
  const what = `${pct(egress!)} GB x $${perGb}/GB NAT processing = $${money(nat)} a month, against ${tasks} public IPv4 address${tasks === 1 ? '' : 'es'} (its most tasks) x $${perAddressHour}/h x ${HOURS} h = $${money(addresses)}`;
  return nat > addresses
    ? place('public', 'derived', `egress-heavy: ${what}, so public subnets with a public IP; its security group admits nothing, it only connects out (write placement: private to keep it behind NAT)`)
    : place('private', 'derived', `${what}: NAT is the cheaper way out, so private subnets`);
}

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
