import type { MoveCustodyRequest } from '../../workflows/shared/job-contract.js';
import { type StaffMember, actorOf } from '../platform/auth/staff-auth.guard.js';
import { validationFailed } from '../platform/http/validation.js';
import type { StaffDirectory } from '../staff/staff-directory.service.js';
import type { MoveCustodyDto } from './dto/job-parts.dto.js';

/** A hand-over as a job workflow takes it: the holder named (a staff member, or the shop). */
export async function custodyRequestOf(move: MoveCustodyDto, staff: StaffMember, directory: StaffDirectory, storeId: string): Promise<MoveCustodyRequest> {
  let holder: MoveCustodyRequest['holder'] = { kind: 'store', name: 'Shop' };
  if (move.holder.kind === 'staff') {
    if (!move.holder.staffId) throw validationFailed([{ field: 'holder.staffId', problems: ['holder.staffId is needed when the holder is a staff member'] }]);
    const member = await directory.require(move.holder.staffId, 'holder.staffId', storeId);
    holder = { kind: 'staff', id: member.id, name: member.name };
  }
  return { actor: actorOf(staff), location: move.location, holder, detail: move.detail };
}
