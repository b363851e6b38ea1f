/** A moderation request Harbor refuses, with the status and the sentence the moderator sees. */
export class ModerationError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 409,
  ) {
    super(message);
  }
}
