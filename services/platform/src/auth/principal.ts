import { RoleSchema, type Actor, type Role } from '@grid/contracts';
import { z } from 'zod';

/** A scope entry that covers every region: for service-to-service tokens and city-wide staff. */
export const ALL_REGIONS = '*';

/** The claims this system reads from a bearer token; anything else in the token is ignored. */
export const TokenClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: RoleSchema,
  /** Region ids (district, street, community, grid …) the caller may act in, including below them. */
  scope: z.array(z.string().min(1).max(200)).max(1000),
});

/** Who is calling, as established by a verified token. */
export interface Principal {
  sub: string;
  role: Role;
  scope: string[];
}

export const actorOf = (p: Principal): Actor => ({ id: p.sub, role: p.role });
