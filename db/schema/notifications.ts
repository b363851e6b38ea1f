/** Tables of the notifications area; `Database` in db/schema.ts extends this interface. Same portability rules as db/schema.ts. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the notifications issue
export interface NotificationTables {}
