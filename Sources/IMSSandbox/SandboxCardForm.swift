import Foundation
import IMSCore

/// The hosted page's form, read and checked. The card number and security code live only in local values
/// while this runs: they are never stored, logged, put in an error or written back into the page. What
/// survives a successful check is the test card (whose number is public) and the expiry.
struct SandboxCardForm: Sendable {
    /// The form's field names, which are also the inputs' ids.
    enum Field: String, Sendable, CaseIterable {
        case cardNumber = "card-number"
        case expiryMonth = "expiry-month"
        case expiryYear = "expiry-year"
        case cardholderName = "cardholder-name"
        case securityCode = "cvc"
    }

    struct Problem: Error, Sendable, Hashable {
        let field: Field
        let message: String
    }

    /// What may be shown again after a refusal: never the card number or the security code.
    struct Kept: Sendable, Hashable {
        var expiryMonth = ""
        var expiryYear = ""
        var cardholderName = ""
    }

    enum Checked: Sendable {
        case accepted(SandboxTestCard, expiry: String)
        case refused([Problem], Kept)
    }

    static let maxBodyBytes = 8 * 1024
    private static let maxFields = 20

    /// Checks a form body (`application/x-www-form-urlencoded`) at `now`.
    static func check(body: String, now: Timestamp) -> Checked {
        let fields = parse(body)
        var problems: [Problem] = []
        let kept = Kept(
            expiryMonth: String((fields[.expiryMonth] ?? "").prefix(2)), expiryYear: String((fields[.expiryYear] ?? "").prefix(4)),
            cardholderName: String((fields[.cardholderName] ?? "").prefix(255)))

        let digits = (fields[.cardNumber] ?? "").filter { $0 != " " && $0 != "-" }
        let testCard = SandboxTestCard.card(number: digits)
        if digits.isEmpty {
            problems.append(Problem(field: .cardNumber, message: "Enter your card number"))
        } else if testCard == nil {
            problems.append(Problem(field: .cardNumber, message: "Use one of the sandbox test card numbers"))
        } else if testCard?.outcome == .cardTypeNotAccepted {
            problems.append(Problem(field: .cardNumber, message: "\(testCard?.brand ?? "This card type") is not accepted. Use a different card"))
        }

        let expiry = checkExpiry(month: kept.expiryMonth, year: kept.expiryYear, now: now)
        if case .failure(let problem) = expiry { problems.append(problem) }

        let name = kept.cardholderName.trimmingWhitespace()
        if name.isEmpty || (fields[.cardholderName] ?? "").count > 255 {
            problems.append(Problem(field: .cardholderName, message: "Enter the name as it appears on the card"))
        }

        let code = fields[.securityCode] ?? ""
        let codeLength = testCard?.securityCodeLength
        if !(codeLength.map { code.count == $0 } ?? (3...4).contains(code.count)) || !code.allSatisfy(\.isASCIIDigitCharacter) {
            let message =
                codeLength == 4
                ? "Enter the 4-digit card security code from the front of the card"
                : "Enter the 3-digit card security code from the back of the card"
            problems.append(Problem(field: .securityCode, message: message))
        }

        guard problems.isEmpty, let testCard, case .success(let expiryText) = expiry else {
            return .refused(problems, kept)
        }
        return .accepted(testCard, expiry: expiryText)
    }

    /// `MM/YY` for a month from now on; a card is valid to the end of its expiry month.
    private static func checkExpiry(month: String, year: String, now: Timestamp) -> Result<String, Problem> {
        let month = month.trimmingWhitespace()
        let year = year.trimmingWhitespace()
        guard !month.isEmpty || !year.isEmpty else {
            return .failure(Problem(field: .expiryMonth, message: "Enter the expiry date"))
        }
        guard (1...2).contains(month.count), month.allSatisfy(\.isASCIIDigitCharacter), let monthNumber = Int(month), (1...12).contains(monthNumber),
            year.count == 2 || year.count == 4, year.allSatisfy(\.isASCIIDigitCharacter), var yearNumber = Int(year)
        else {
            return .failure(Problem(field: .expiryMonth, message: "Enter a real expiry date, for example 03/29"))
        }
        if yearNumber < 100 { yearNumber += 2000 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let today = calendar.dateComponents([.year, .month], from: now.date)
        guard let currentYear = today.year, let currentMonth = today.month,
            (yearNumber, monthNumber) >= (currentYear, currentMonth)
        else {
            return .failure(Problem(field: .expiryMonth, message: "The expiry date must be in the future"))
        }
        guard yearNumber < currentYear + 20 else {
            return .failure(Problem(field: .expiryMonth, message: "Enter a real expiry date, for example 03/29"))
        }
        let twoDigitMonth = monthNumber < 10 ? "0\(monthNumber)" : "\(monthNumber)"
        return .success("\(twoDigitMonth)/\(String(String(yearNumber).suffix(2)))")
    }

    /// The known fields of a URL-encoded body; unknown and repeated fields are ignored, at most 20 read.
    private static func parse(_ body: String) -> [Field: String] {
        var fields: [Field: String] = [:]
        for pair in body.split(separator: "&").prefix(maxFields) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let field = Field(rawValue: decode(parts[0])), fields[field] == nil else { continue }
            fields[field] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
