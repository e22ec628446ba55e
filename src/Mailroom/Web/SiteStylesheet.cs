namespace Mailroom.Web;

/// <summary>The one stylesheet, served from <c>/site.css</c> (the CSP allows no inline styles).</summary>
internal static class SiteStylesheet
{
    public const string Css = """
        :root { --ink:#1d2430; --muted:#5b6575; --line:#d8dde5; --bg:#f5f7fa; --accent:#1f5fbf; --ok:#19764a; --bad:#b3261e; --warn:#8a5a00; }
        * { box-sizing: border-box; }
        body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--ink); background:var(--bg); }
        header.top { background:#17202e; color:#fff; display:flex; align-items:center; gap:1.5rem; padding:.6rem 1.2rem; }
        header.top a { color:#dfe7f3; text-decoration:none; }
        header.top a:hover, header.top a.active { color:#fff; text-decoration:underline; }
        header.top .brand { font-weight:700; color:#fff; letter-spacing:.02em; }
        header.top nav { display:flex; gap:1.1rem; flex:1; }
        header.top form { margin:0; }
        header.top .who { color:#aab6c8; font-size:.9em; }
        main { max-width:1100px; margin:1.2rem auto; padding:0 1.2rem; }
        h1 { font-size:1.45rem; margin:.2rem 0 1rem; }
        h2 { font-size:1.15rem; margin:1.4rem 0 .6rem; }
        .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:1rem 1.2rem; margin-bottom:1rem; }
        table { border-collapse:collapse; width:100%; background:#fff; }
        th, td { text-align:left; padding:.45rem .6rem; border-bottom:1px solid var(--line); vertical-align:top; }
        th { font-size:.85em; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
        a { color:var(--accent); }
        .actions { display:flex; gap:.5rem; flex-wrap:wrap; align-items:center; }
        .actions form { margin:0; }
        button, .button { font:inherit; padding:.35rem .8rem; border:1px solid var(--accent); background:var(--accent); color:#fff; border-radius:5px; cursor:pointer; text-decoration:none; display:inline-block; }
        button.secondary, .button.secondary { background:#fff; color:var(--accent); }
        button.danger { background:var(--bad); border-color:var(--bad); }
        label { display:block; font-weight:600; margin:.7rem 0 .2rem; }
        label.check { font-weight:normal; display:flex; gap:.4rem; align-items:center; }
        input[type=text], input[type=email], input[type=password], input[type=number], input[type=search], select, textarea {
          font:inherit; width:100%; max-width:34rem; padding:.35rem .5rem; border:1px solid #b9c1cd; border-radius:4px; background:#fff; }
        textarea { min-height:9rem; max-width:100%; }
        .field-error, .error { color:var(--bad); font-size:.9em; display:block; margin-top:.15rem; }
        .input-invalid { border-color:var(--bad) !important; }
        .hint { color:var(--muted); font-size:.9em; }
        .warn { color:var(--warn); }
        .flash { padding:.6rem .9rem; border-radius:6px; margin-bottom:1rem; background:#e7f3ec; border:1px solid #b7dcc6; }
        .flash.bad { background:#fbeaea; border-color:#efc1bd; }
        .tabs { display:flex; gap:.2rem; border-bottom:1px solid var(--line); margin-bottom:1rem; flex-wrap:wrap; }
        .tabs a { padding:.45rem .9rem; text-decoration:none; color:var(--muted); border:1px solid transparent; border-bottom:none; border-radius:6px 6px 0 0; }
        .tabs a.active { background:#fff; color:var(--ink); border-color:var(--line); margin-bottom:-1px; }
        .padlock { font-size:.9em; padding:.1rem .45rem; border-radius:4px; background:#eef1f6; }
        .steps { list-style:none; padding:0; }
        .steps li { padding:.35rem .5rem; border-left:4px solid var(--line); margin:.3rem 0; background:#fff; }
        .steps li.pass { border-color:var(--ok); }
        .steps li.fail { border-color:var(--bad); }
        .badge { font-size:.8em; padding:.05rem .45rem; border-radius:10px; background:#eef1f6; color:var(--muted); white-space:nowrap; }
        .badge.ok { background:#e3f3ea; color:var(--ok); }
        .badge.bad { background:#fbeaea; color:var(--bad); }
        .journal article { background:#fff; border:1px solid var(--line); border-radius:8px; margin-bottom:1rem; }
        .journal article header { padding:.5rem .9rem; border-bottom:1px solid var(--line); display:flex; gap:1rem; flex-wrap:wrap; color:var(--muted); font-size:.92em; }
        .journal .body { padding:.7rem .9rem; overflow-wrap:anywhere; }
        .journal .body pre { white-space:pre-wrap; font:inherit; margin:0; }
        .journal details { margin-top:.5rem; color:var(--muted); }
        .mail-html { overflow:auto; max-height:40rem; }
        .mail-html img { max-width:100%; }
        iframe.mail-frame { width:100%; height:26rem; border:1px solid var(--line); border-radius:6px; background:#fff; }
        .record-facts { display:flex; gap:1.2rem; flex-wrap:wrap; }
        .record-facts details { flex-basis:100%; }
        .mail-subject { font-weight:600; margin-bottom:.4rem; }
        label.inline { display:inline; margin:0; }
        .filters input[type=search] { max-width:24rem; }
        .filters input[type=text] { max-width:16rem; }
        .filters select { width:auto; }
        .pager { display:flex; gap:1rem; margin-top:.8rem; }
        .chart { background:#fff; border:1px solid var(--line); border-radius:8px; }
        .secret-once { font-family:ui-monospace, monospace; background:#fff8e1; padding:.5rem; border:1px dashed var(--warn); word-break:break-all; }
        /* Account sign-in: only the fields of the chosen method and provider show, without script (CSS :has). */
        .signin:has(#auth-password:checked) .oauth-only { display:none; }
        .signin:has(#auth-oauth2:checked) .password-only { display:none; }
        .signin:has(#oauth-provider option[value="google"]:checked) .microsoft-only,
        .signin:has(#oauth-provider option[value="custom"]:checked) .microsoft-only { display:none; }
        """;
}
