/**
 * "Near me": asks the browser for the visitor's location (with its own permission prompt), rounds
 * it to two decimals (about a kilometre) and reloads the directory sorted by distance. The
 * coordinates go to this site only — no map, geocoding or other third-party request, ever. Shown
 * only with JavaScript (a location needs the browser).
 */
import { Link, useNavigate, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";

export function NearMeButton({ active }: { active: boolean }) {
  const [available, setAvailable] = useState(false);
  const [message, setMessage] = useState("");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  useEffect(() => setAvailable(typeof navigator !== "undefined" && "geolocation" in navigator), []);
  if (active) {
    const q = new URLSearchParams(params);
    q.delete("near");
    q.delete("page");
    return <Link to={`/meetings${q.size ? `?${q}` : ""}`}>Sort by time again</Link>;
  }
  if (!available) return null;
  const locate = () => {
    setMessage("Asking your browser where you are…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const q = new URLSearchParams(params);
        q.set("near", `${position.coords.latitude.toFixed(2)},${position.coords.longitude.toFixed(2)}`);
        q.delete("page");
        setMessage("");
        navigate(`/meetings?${q}`);
      },
      () => setMessage("Your browser didn't share a location, so the list stays in time order."),
      { maximumAge: 600_000, timeout: 15_000 },
    );
  };
  return (
    <>
      <button type="button" className="button button--secondary" onClick={locate}>
        Near me
      </button>
      <span role="status" className="muted">
        {message}
      </span>
    </>
  );
}
