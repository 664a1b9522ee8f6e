// The stored notification feed: GraphQL documents, types, and the "read" signal the bell follows.
import { ERROR_FIELDS } from "../../api/fragments";

export type NotificationSeverity = "INFO" | "WARNING" | "CRITICAL";

export interface UserNotification {
  id: string;
  severity: NotificationSeverity | null;
  kind: string;
  title: string;
  body: string;
  portfolioId: string | null;
  link: string;
  sourceEventType: string;
  createdAt: string | null;
  readAt: string | null;
}

export interface FeedPage {
  __typename: "UserNotificationPage";
  items: UserNotification[];
  nextPageToken: string | null;
}

export interface UnreadCount {
  __typename: "UnreadNotificationCount";
  unread: number;
  critical: number;
}

export interface Marked {
  __typename: "NotificationsMarked";
  marked: number;
  unread: number;
}

const FIELDS = "id severity kind title body portfolioId link sourceEventType createdAt readAt";

export const PAGE_SIZE = 25;

export const LIST = `query($unreadOnly: Boolean!, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: ${PAGE_SIZE}, after: $after) { ${ERROR_FIELDS}
    ... on UserNotificationPage { nextPageToken items { ${FIELDS} } } } }`;

export const UNREAD = `query { unreadNotificationCount { ${ERROR_FIELDS}
  ... on UnreadNotificationCount { unread critical } } }`;

export const MARK_IDS = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) { ${ERROR_FIELDS}
  ... on NotificationsMarked { marked unread } } }`;

export const MARK_UP_TO = `mutation($upTo: DateTime) { markNotificationsRead(upTo: $upTo) { ${ERROR_FIELDS}
  ... on NotificationsMarked { marked unread } } }`;

export const FEED = `subscription { notificationFeed { ${FIELDS} } }`;

// The page tells the bell when it marked something read (the feed only announces new ones).
const READ_SIGNAL = "ta:notifications-read";

export function announceRead(unread: number): void {
  window.dispatchEvent(new CustomEvent<number>(READ_SIGNAL, { detail: unread }));
}

export function onRead(handler: (unread: number) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<number>).detail);
  window.addEventListener(READ_SIGNAL, listener);
  return () => window.removeEventListener(READ_SIGNAL, listener);
}
