// Your notifications: newest first, unread ones emphasised, mark read one by one or all, live.
import { useCallback, useEffect, useState } from "react";
import { gql, subscribe } from "../../api/client";
import { isError, type ApiError } from "../../api/types";
import { Section } from "../../components/forms";
import { Loading } from "../../components/Loading";
import { Link } from "../../router";
import {
  announceRead,
  FEED,
  LIST,
  MARK_IDS,
  MARK_UP_TO,
  type FeedPage,
  type Marked,
  type UserNotification,
} from "./feed";
import "./notifications.css";

type MarkAnswer = { markNotificationsRead: Marked | ApiError };

function Row({ n, onRead }: { n: UserNotification; onRead: (n: UserNotification) => void }) {
  const unread = n.readAt === null;
  const severity = (n.severity ?? "INFO").toLowerCase();
  return (
    <li className={unread ? "unread" : "read"} data-testid="notification">
      <span className={`severity ${severity}`}>{severity}</span>
      <div>
        <Link href={n.link} className="title" onClick={() => unread && onRead(n)}>
          {n.title}
        </Link>
        <p className="body">{n.body}</p>
        <span className="when">
          {n.createdAt ? new Date(n.createdAt).toLocaleString() : "–"} · {n.sourceEventType}
        </span>
      </div>
      <div className="actions">
        {unread ? (
          <button type="button" className="secondary" onClick={() => onRead(n)}>
            Mark read
          </button>
        ) : (
          <span className="meta">read</span>
        )}
      </div>
    </li>
  );
}

export function NotificationsPage() {
  const [items, setItems] = useState<UserNotification[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);

  const load = useCallback(
    async (after: string | null) => {
      const answer = (await gql<{ notifications: FeedPage | ApiError }>(LIST, { unreadOnly, after })).notifications;
      if (isError(answer)) return setProblem(answer.message);
      setProblem(null);
      setItems((old) => (after ? [...old, ...answer.items] : answer.items));
      setNext(answer.nextPageToken);
      setLoaded(true);
    },
    [unreadOnly],
  );

  useEffect(() => {
    void load(null).catch((e: Error) => setProblem(e.message));
  }, [load]);

  useEffect(
    () =>
      subscribe<{ notificationFeed: UserNotification }>(FEED, ({ notificationFeed: n }) =>
        setItems((old) => (old.some((o) => o.id === n.id) ? old : [n, ...old])),
      ),
    [],
  );

  const settle = (answer: Marked | ApiError, read: (n: UserNotification) => boolean) => {
    if (isError(answer)) return setProblem(answer.message);
    const now = new Date().toISOString();
    setItems((old) =>
      old
        .map((n) => (n.readAt === null && read(n) ? { ...n, readAt: now } : n))
        .filter((n) => !unreadOnly || n.readAt === null),
    );
    announceRead(answer.unread);
  };

  const markOne = async (n: UserNotification) => {
    const answer = (await gql<MarkAnswer>(MARK_IDS, { ids: [n.id] })).markNotificationsRead;
    settle(answer, (o) => o.id === n.id);
  };

  // Up to the newest one shown: a notification that arrived unseen stays unread.
  const newest = items.reduce<string | null>(
    (max, n) => (n.createdAt && (!max || n.createdAt > max) ? n.createdAt : max),
    null,
  );
  const markAll = async () => {
    if (!newest) return;
    const answer = (await gql<MarkAnswer>(MARK_UP_TO, { upTo: newest })).markNotificationsRead;
    settle(answer, (n) => n.createdAt !== null && n.createdAt <= newest);
  };

  const run = (work: Promise<void>) => void work.catch((e: Error) => setProblem(e.message));
  const anyUnread = items.some((n) => n.readAt === null);
  return (
    <Section title="Notifications" level={1}>
      <div className="feed-tools">
        <label>
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> Unread only
        </label>
        <button type="button" disabled={!anyUnread} onClick={() => run(markAll())}>
          Mark all read
        </button>
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {!loaded && !problem && <Loading what="notifications" />}
      {loaded && items.length === 0 && (
        <p className="empty">
          {unreadOnly
            ? "Nothing unread."
            : "No notifications yet. Data-quality alerts, advice freezes, the kill switch and fills are announced here."}
        </p>
      )}
      {items.length > 0 && (
        <ul className="feed" aria-label="Notifications">
          {items.map((n) => (
            <Row key={n.id} n={n} onRead={(one) => run(markOne(one))} />
          ))}
        </ul>
      )}
      {next && (
        <button type="button" className="secondary" onClick={() => run(load(next))}>
          Older notifications
        </button>
      )}
    </Section>
  );
}
