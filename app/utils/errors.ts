/** An error whose message is written for the user (in Vietnamese) and carries the HTTP status to answer with. */
export class UserError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429 | 503,
    message: string,
  ) {
    super(message);
  }
}
