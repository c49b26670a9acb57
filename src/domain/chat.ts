/** Where Quell asks for approvals (`chat_messages.platform`; a CHECK constraint holds the same list). */
export const CHAT_PLATFORMS = ['slack', 'teams'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
