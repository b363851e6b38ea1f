/**
 * The visitor's own time zone without an account. This inline script (in <head>, before the page
 * is shown) stores the browser's zone in the `harbor_tz` cookie ("b:<zone>"; a zone the visitor
 * picked, "c:<zone>", is left alone). A page that shows times in the visitor's zone marks <html>
 * with data-zone-check = the cookie value the server used; when that is not the browser's zone
 * (the first visit, or a traveller's new zone) the page reloads once, now with the cookie, so the
 * server renders the right times and days. Without JavaScript nothing happens and the site's
 * default zone is used (the page says which). HTML is never cached (private, no-store), so a
 * page for one zone is never served to another.
 */
const SCRIPT = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(!z)return;var m=document.cookie.match(/(?:^|;\\s*)harbor_tz=([^;]*)/);var v=m?decodeURIComponent(m[1]):"";if(v.slice(0,2)==="c:")return;var want="b:"+z;if(v!==want)document.cookie="harbor_tz="+encodeURIComponent(want)+"; path=/; max-age=31536000; samesite=lax"+(location.protocol==="https:"?"; secure":"");var seen=document.documentElement.getAttribute("data-zone-check");if(seen===null||seen===want)return;if(document.cookie.indexOf("harbor_tz=")<0)return;var k="harbor_tz_reload";if(sessionStorage.getItem(k)===want)return;sessionStorage.setItem(k,want);location.reload();}catch(e){}})();`;

export function ZoneScript({ nonce }: { nonce: string }) {
  // A fixed script, no data in it: the one way to send an inline script with its nonce.
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SCRIPT }} suppressHydrationWarning />;
}
