// Sign-in with the read token. The token travels only in the POST body and comes back as a
// signed, HttpOnly, SameSite=Strict cookie; it never appears in a URL, a page or a log.
import { Logo } from '../layout.js';

export function SignInPage(p: { next: string; error?: string; signedOut?: boolean }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Sign in · Waymark</title>
        <link rel="stylesheet" href="/ui/assets/app.css" />
        <link rel="icon" href="/ui/assets/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <main class="signin" id="main">
          <div class="card">
            <h1 class="brand-title"><Logo /> Waymark</h1>
            <p class="sub">Customer journeys, as your customers lived them.</p>
            {p.error ? <div class="error" role="alert">{p.error}</div> : null}
            {p.signedOut ? <div class="notice" role="status">You are signed out.</div> : null}
            <form method="post" action="/signin" class="form">
              <input type="hidden" name="next" value={p.next} />
              <label>Read token
                <input type="password" name="token" autocomplete="current-password" required autofocus placeholder="rt_…" aria-describedby="token-help" />
              </label>
              <small id="token-help" class="muted">The collector prints it at start (<code>read token</code>); it is also <code>readToken</code> in the configuration or <code>WAYMARK_READ_TOKEN</code>.</small>
              <button type="submit">Sign in</button>
            </form>
          </div>
        </main>
      </body>
    </html>
  );
}
