/**
 * An error's message, or the thrown value as text, for the local pipeline's own
 * messages. (producer/errors.ts errorMessage adds the SDK error's name, which the
 * producer's delivery report needs and these messages do not.)
 */
export function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
