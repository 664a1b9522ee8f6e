// The latest notifications (the registry's notification feed), each linked to what it is about.
import type { ApiError } from "../../api/types";
import { isError } from "../../api/types";
import { Link } from "../../router";
import { when } from "../engine/format";
import type { UserNotification } from "./queries";

export function RecentNotifications({ result }: {
  result: { __typename: "UserNotificationPage"; items: UserNotification[] } | ApiError;
}) {
  if (isError(result)) return <p className="form-error">{result.message}</p>;
  if (result.items.length === 0) return <p className="empty">No notifications.</p>;
  return (
    <ul className="latest" data-testid="recent-notifications">
      {result.items.map((n) => (
        <li key={n.id} className={n.read ? "read" : "unread"}>
          <span className={`tag severity-${(n.severity ?? "").toLowerCase()}`}>{n.severity}</span>{" "}
          {n.link ? <Link href={n.link}>{n.title}</Link> : n.title}
          <small className="meta"> · {when(n.occurredAt)}</small>
        </li>
      ))}
    </ul>
  );
}
