/// The hosted page's only stylesheet, served by the sandbox so that the page loads nothing from elsewhere
/// and passes a `style-src 'self'` content security policy. Colours meet WCAG 2.2 AA contrast (text 4.5:1,
/// focus indicator and input borders 3:1); controls are at least 40 px high; the layout is one column that
/// reflows down to 320 CSS pixels.
enum SandboxStylesheet {
    static let css = """
        *, *::before, *::after { box-sizing: border-box; }
        html { font-size: 100%; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.1875rem;
          line-height: 1.4; color: #0b0c0c; background: #ffffff; }
        @media (max-width: 40em) { body { font-size: 1rem; } }
        a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.1em; }
        a:visited { color: #4c2c92; }
        a:focus, button:focus, input:focus, summary:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 6px #0b0c0c; }
        a:focus { background: #ffdd00; color: #0b0c0c; text-decoration: none; box-shadow: 0 4px #0b0c0c; outline: none; }
        .skip-link { position: absolute; left: -9999px; padding: 0.5rem; }
        .skip-link:focus { position: static; display: block; }
        .header { background: #0b0c0c; color: #ffffff; padding: 0.75rem 1rem; }
        .service-name { margin: 0; font-weight: 700; }
        .container { max-width: 40rem; margin: 0 auto; padding: 0 1rem 3rem; }
        .sandbox-banner { border-left: 0.625rem solid #1d70b8; background: #f3f2f1; padding: 0.75rem 1rem; margin: 1.5rem 0; }
        h1 { font-size: 2rem; line-height: 1.1; margin: 1.5rem 0 1.25rem; }
        @media (max-width: 40em) { h1 { font-size: 1.5rem; } }
        h2 { font-size: 1.5rem; margin: 0 0 1rem; }
        .summary { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; margin: 0 0 2rem; }
        .summary dt { font-weight: 700; }
        .summary dd { margin: 0; overflow-wrap: anywhere; }
        .form-group { margin-bottom: 1.75rem; }
        .form-group.error { border-left: 0.3125rem solid #d4351c; padding-left: 0.9375rem; }
        label, legend { display: block; font-weight: 700; margin-bottom: 0.3125rem; }
        fieldset { border: 0; margin: 0; padding: 0; }
        .hint { color: #505a5f; margin: 0 0 0.9375rem; }
        .error-message { color: #d4351c; font-weight: 700; margin: 0 0 0.9375rem; }
        input[type="text"] { font: inherit; height: 2.5rem; padding: 0.3125rem; border: 2px solid #0b0c0c; border-radius: 0;
          width: 100%; max-width: 100%; }
        .error input[type="text"] { border-color: #d4351c; }
        .width-30 { max-width: 30ch; } .width-20 { max-width: 23ch; } .width-4 { max-width: 6ch; } .width-2 { max-width: 4.5ch; }
        .date-input { display: flex; gap: 1.25rem; }
        .date-item label { font-weight: 400; }
        .button { font: inherit; font-weight: 400; min-height: 2.75rem; padding: 0.5rem 1.25rem; border: 2px solid transparent;
          border-radius: 0; background: #00703c; color: #ffffff; box-shadow: 0 2px 0 #002d18; cursor: pointer; margin: 0 0 1.5rem; }
        .button:hover { background: #005a30; }
        .button.secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
        .button.secondary:hover { background: #dbdad9; }
        .button:focus { background: #ffdd00; color: #0b0c0c; box-shadow: 0 2px 0 #0b0c0c; outline: 3px solid transparent; }
        .error-summary { border: 5px solid #d4351c; padding: 1rem; margin: 1.5rem 0 2rem; }
        .error-summary:focus { outline: 3px solid #ffdd00; }
        .error-summary ul { margin: 0; padding-left: 1.25rem; }
        .error-summary a { color: #d4351c; font-weight: 700; }
        .test-cards { overflow-x: auto; }
        .test-cards summary { color: #1d70b8; cursor: pointer; text-decoration: underline; margin-bottom: 1rem; }
        .test-cards table { border-collapse: collapse; width: 100%; font-size: 1rem; }
        .test-cards th, .test-cards td { text-align: left; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
        .test-cards .number { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
        .visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important;
          padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important; white-space: nowrap !important; border: 0 !important; }
        """
}
