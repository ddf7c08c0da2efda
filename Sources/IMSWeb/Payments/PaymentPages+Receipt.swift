import Foundation
import IMSCore

/// What a payer's receipt says, from the ledger entry the payment posted (its VAT is what was recorded, at
/// the rate of the day). Following the VAT Regulations 1995: a simplified invoice (reg. 16A) up to £250 shows
/// each rate's gross and rate; above £250 with VAT charged, a full invoice (reg. 14) names the customer and
/// shows each line's quantity, amount excluding VAT, rate and VAT. Exempt and outside-scope lines never look
/// as if VAT were charged.
struct PaymentReceipt: Sendable {
    struct Line: Sendable {
        let description: String
        let reference: String
        let gross: Money
        let vat: Money
        let vatCode: VATCode?

        var net: Money { gross - vat }
        var chargesVAT: Bool { vatCode?.treatment.chargesVAT ?? !vat.isZero }
        /// Zero-rated supplies are taxable at 0%; exempt and outside-scope ones have no rate at all.
        var hasRate: Bool { chargesVAT || vatCode?.treatment == .zero }
    }

    let lines: [Line]
    let occurredAt: Timestamp

    var total: Money { lines.map(\.gross).sum() }
    var totalVAT: Money { lines.map(\.vat).sum() }
    var chargesVAT: Bool { lines.contains(where: \.chargesVAT) }
    var isFullInvoice: Bool { chargesVAT && total > PaymentPages.simplifiedInvoiceLimit }

    init(payment: Payment, entry: Entry?, configuration: CouncilConfiguration) {
        let vatCodes = configuration.vatCodesByCode
        func fundName(_ code: String) -> String {
            (try? FundCode(parsing: code)).flatMap(configuration.fund)?.name ?? code
        }
        if let entry {
            lines = entry.fundLines.map { line in
                let code = line.vatCode.flatMap { vatCodes[$0] }
                    ?? line.vatCode.map {
                        // A code removed since: the entry's own rate is what was charged.
                        VATCode(code: $0, name: $0, treatment: line.vatRateBasisPoints > 0 ? .standard : .outsideScope, rateBasisPoints: line.vatRateBasisPoints)
                    }
                return Line(description: fundName(line.account.code), reference: line.account.reference?.value ?? "",
                            gross: line.incomeAmount, vat: -line.vatAmount, vatCode: code)
            }
            occurredAt = entry.occurredAt
        } else {
            // Not posted (which a success always is): what the funds' VAT codes say today.
            lines = payment.lines.map { line in
                let fund = (try? FundCode(parsing: line.fundCode)).flatMap(configuration.fund)
                let code = fund.flatMap { vatCodes[$0.vatCode] }
                let gross = Money(pence: line.amount)
                return Line(description: fund?.name ?? line.fundCode, reference: line.reference, gross: gross,
                            vat: code?.vat(onGross: gross) ?? .zero, vatCode: code)
            }
            occurredAt = payment.updatedAt
        }
    }

    /// Gross and VAT for each rate charged, highest rate first, for the simplified invoice.
    private var rates: [(rate: String, gross: Money, vat: Money)] {
        let charged = lines.filter(\.chargesVAT)
        let byRate = Dictionary(grouping: charged) { $0.vatCode?.rateBasisPoints ?? 0 }
        return byRate.keys.sorted(by: >).map { rate in
            let group = byRate[rate] ?? []
            return (group.first?.vatCode?.rateText ?? "", group.map(\.gross).sum(), group.map(\.vat).sum())
        }
    }

    func values(payment: Payment, council: CouncilProfile, text: PublicText) -> [String: Any] {
        let heading: PublicText.Phrase = isFullInvoice ? .vatInvoiceTitle : (chargesVAT ? .vatReceiptTitle : .receiptTitle)
        var values: [String: Any] = [
            "receiptHeading": text(heading), "receiptNumber": payment.receiptNumber ?? "", "date": PageFormat.dateTime(occurredAt),
            "id": payment.id, "councilName": council.name, "councilAddress": council.address, "vatNumber": council.vatRegistrationNumber,
            "total": total.formatted, "chargesVAT": chargesVAT, "isFullInvoice": isFullInvoice,
            "totalNet": (total - totalVAT).formatted, "totalVAT": totalVAT.formatted,
            "receiptLines": lines.map { line -> [String: Any] in
                [
                    "description": line.description, "reference": line.reference, "gross": line.gross.formatted, "net": line.net.formatted,
                    "hasRate": line.hasRate, "rate": line.vatCode?.rateText ?? "", "vat": line.vat.formatted,
                ]
            },
            "vatRates": rates.map { ["text": text(.vatByRate, ["gross": $0.gross.formatted, "rate": $0.rate]), "vat": $0.vat.formatted] },
        ]
        if let card = payment.card {
            values["paidBy"] = text(.cardEnding, ["brand": card.brand, "last4": card.lastFourDigits])
        }
        if let name = payment.payerName {
            values["customer"] = ["name": name, "address": payment.payerAddress ?? "", "postcode": payment.postcode ?? ""]
        }
        return values
    }
}
