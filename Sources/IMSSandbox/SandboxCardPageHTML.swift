import IMSCore

/// The hosted card page as HTML: server-rendered, no script, no external assets, one stylesheet served by
/// the sandbox itself. Built to WCAG 2.2 AA: every input has a visible label and the right `autocomplete`,
/// errors are listed in a summary that links to each field and repeated beside it, and the page works at
/// 320 CSS pixels wide and at 400% zoom.
///
/// A card number or security code is never written into the page: after a refusal those inputs are empty.
enum SandboxCardPageHTML {
    /// Where the page's links and form posts go, under the path the sandbox is mounted at.
    struct Paths {
        let form: String
        let cancel: String
        let stylesheet: String
    }

    static func form(
        payment: SandboxPayment, paths: Paths, problems: [SandboxCardForm.Problem] = [], kept: SandboxCardForm.Kept = .init()
    ) -> String {
        let title = (problems.isEmpty ? "" : "Error: ") + "Enter card details – IMS sandbox card payments"
        var body = ""
        if !problems.isEmpty {
            body += """
                <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
                <h2 id="error-summary-title">There is a problem</h2>
                <ul>
                """
            for problem in problems {
                body += "<li><a href=\"#\(problem.field.rawValue)\">\(escape(problem.message))</a></li>\n"
            }
            body += "</ul>\n</div>\n"
        }
        body += """
            <h1>Enter card details</h1>
            <dl class="summary">
            <dt>Payment for</dt><dd>\(escape(payment.description))</dd>
            <dt>Total amount</dt><dd>\(escape(Money(pence: payment.amount).formatted))</dd>
            </dl>
            <form method="post" action="\(escape(paths.form))" novalidate>
            \(input(.cardNumber, label: "Card number", hint: "Use one of the sandbox test card numbers listed on this page", problems: problems,
                attributes: "inputmode=\"numeric\" autocomplete=\"cc-number\" spellcheck=\"false\" class=\"width-20\""))
            \(expiry(kept: kept, problems: problems))
            \(input(.cardholderName, label: "Name on card", value: kept.cardholderName, problems: problems,
                attributes: "autocomplete=\"cc-name\" spellcheck=\"false\" class=\"width-30\""))
            \(input(.securityCode, label: "Card security code",
                hint: "The last 3 digits on the back of the card. American Express: the 4 digits on the front", problems: problems,
                attributes: "inputmode=\"numeric\" autocomplete=\"cc-csc\" class=\"width-4\""))
            <button type="submit" class="button">Continue</button>
            </form>
            <form method="post" action="\(escape(paths.cancel))">
            <button type="submit" class="button secondary">Cancel payment</button>
            </form>
            \(testCardList())
            """
        return page(title: title, stylesheet: paths.stylesheet, main: body)
    }

    static func notFound(stylesheet: String) -> String {
        page(
            title: "Payment not found – IMS sandbox card payments", stylesheet: stylesheet,
            main: """
                <h1>Payment not found</h1>
                <p>This payment link is not valid. It may have been mistyped, or the sandbox may have restarted, which
                clears its payments. Go back to the service you were paying and start again.</p>
                """)
    }

    private static func page(title: String, stylesheet: String, main: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <title>\(escape(title))</title>
        <link rel="stylesheet" href="\(escape(stylesheet))">
        </head>
        <body>
        <a class="skip-link" href="#main-content">Skip to main content</a>
        <header class="header"><p class="service-name">IMS sandbox card payments</p></header>
        <div class="container">
        <p class="sandbox-banner"><strong>Sandbox:</strong> no money is taken. Real card numbers are refused.</p>
        <main id="main-content">
        \(main)
        </main>
        </div>
        </body>
        </html>
        """
    }

    private static func input(
        _ field: SandboxCardForm.Field, label: String, hint: String? = nil, value: String = "",
        problems: [SandboxCardForm.Problem], attributes: String
    ) -> String {
        let id = field.rawValue
        let problem = problems.first { $0.field == field }
        var describedBy: [String] = []
        var html = "<div class=\"form-group\(problem == nil ? "" : " error")\">\n<label for=\"\(id)\">\(escape(label))</label>\n"
        if let hint {
            html += "<p class=\"hint\" id=\"\(id)-hint\">\(escape(hint))</p>\n"
            describedBy.append("\(id)-hint")
        }
        if let problem {
            html += "<p class=\"error-message\" id=\"\(id)-error\"><span class=\"visually-hidden\">Error:</span> \(escape(problem.message))</p>\n"
            describedBy.append("\(id)-error")
        }
        let described = describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy.joined(separator: " "))\""
        let invalid = problem == nil ? "" : " aria-invalid=\"true\""
        html += "<input type=\"text\" id=\"\(id)\" name=\"\(id)\" value=\"\(escape(value))\" \(attributes)\(described)\(invalid)>\n</div>"
        return html
    }

    private static func expiry(kept: SandboxCardForm.Kept, problems: [SandboxCardForm.Problem]) -> String {
        let problem = problems.first { $0.field == .expiryMonth || $0.field == .expiryYear }
        let invalid = problem == nil ? "" : " aria-invalid=\"true\""
        let error =
            problem.map {
                "<p class=\"error-message\" id=\"expiry-error\"><span class=\"visually-hidden\">Error:</span> \(escape($0.message))</p>\n"
            } ?? ""
        return """
            <div class="form-group\(problem == nil ? "" : " error")">
            <fieldset role="group" aria-describedby="expiry-hint\(problem == nil ? "" : " expiry-error")">
            <legend>Expiry date</legend>
            <p class="hint" id="expiry-hint">For example, 03/29. Any date in the future works in the sandbox</p>
            \(error)<div class="date-input">
            <div class="date-item"><label for="expiry-month">Month</label>
            <input type="text" id="expiry-month" name="expiry-month" value="\(escape(kept.expiryMonth))" inputmode="numeric" autocomplete="cc-exp-month" class="width-2"\(invalid)></div>
            <div class="date-item"><label for="expiry-year">Year</label>
            <input type="text" id="expiry-year" name="expiry-year" value="\(escape(kept.expiryYear))" inputmode="numeric" autocomplete="cc-exp-year" class="width-4"\(invalid)></div>
            </div>
            </fieldset>
            </div>
            """
    }

    /// GOV.UK Pay's published test cards, so a person trying the sandbox knows what to type.
    private static func testCardList() -> String {
        var rows = ""
        for card in SandboxTestCard.all {
            let grouped = stride(from: 0, to: card.number.count, by: 4).map { offset -> String in
                let start = card.number.index(card.number.startIndex, offsetBy: offset)
                let end = card.number.index(start, offsetBy: 4, limitedBy: card.number.endIndex) ?? card.number.endIndex
                return String(card.number[start..<end])
            }.joined(separator: " ")
            rows +=
                "<tr><td class=\"number\">\(grouped)</td><td>\(escape(card.brand))</td><td>\(escape(card.outcome.rawValue.capitalizedFirst))</td></tr>\n"
        }
        return """
            <details class="test-cards">
            <summary>Sandbox test card numbers</summary>
            <p>Use any expiry date in the future, any name, and any 3-digit security code (4 digits for American Express).</p>
            <table>
            <caption class="visually-hidden">Sandbox test card numbers and what they do</caption>
            <thead><tr><th scope="col">Card number</th><th scope="col">Brand</th><th scope="col">What happens</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </details>
            """
    }

    /// Text safe inside HTML elements and double-quoted attributes.
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
