/** " · New" after a post's or a message's time, when the viewer hasn't seen it yet. */
export function NewMark({ show }: { show: boolean }) {
  return show ? (
    <>
      {" "}
      · <span className="badge badge--unread">New</span>
    </>
  ) : null;
}
