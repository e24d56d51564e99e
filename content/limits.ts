// Shared by the file schema, spreadsheet rows and the console editor (which runs in the browser, so no zod here).
export const MAX_CHOICES = 6;
export const MIN_CHOICES = 2;
/** A picture upload (question or choice); the server stores it resized for phones. */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
