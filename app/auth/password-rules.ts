// Universal: browser-side form schemas and the server read the same limits.

export const PASSWORD_MIN_LENGTH = 10;
// Argon2 accepts any length, but a cap keeps one request from making hashing expensive.
export const PASSWORD_MAX_LENGTH = 128;
