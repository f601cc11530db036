import { ErrorCode, ParasolError } from '../../libs/core';
import { InboxItem } from './inbox.types';
import { refusal, StatusAction } from './item-transitions';

/**
 * BAD_USER_INPUT when `action` cannot start from the item's status (a reply to a closed item
 * is refused the same way): on the item's argument, with the status the item is in.
 */
export function assertCanStart(action: StatusAction, item: InboxItem, field = 'id'): void {
  const reason = refusal(action, item.status);
  if (reason) throw new ParasolError(ErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, { fields: [{ field, message: reason }], status: item.status });
}
