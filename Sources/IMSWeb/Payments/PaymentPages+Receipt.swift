import Foundation
import IMSCore

/// The payer's receipt page, drawn from the core's ``Receipt`` of the entry the payment posted: which form
/// it takes (a receipt, a simplified or a full VAT invoice), its lines and VAT are the core's, so the page,
/// a PDF and a till slip cannot disagree. Only the words (in English or Welsh) are the page's.
struct PaymentReceipt: Sendable {
    let receipt: Receipt

    init(entry: Entry, configuration: CouncilConfiguration) throws(IMSError) {
        receipt = try Receipt(entry: entry, configuration: configuration, isCopy: false)
    }

    func values(paymentID: String, text: PublicText) -> [String: Any] {
        let heading: PublicText.Phrase =
            switch receipt.form {
            case .fullInvoice: .vatInvoiceTitle
            case .simplifiedInvoice: .vatReceiptTitle
            // A payment's entry is never a refund, so its page never shows a credit note.
            case .receipt, .creditNote: .receiptTitle
            }
        let supplier = receipt.supplier
        var values: [String: Any] = [
            "receiptHeading": text(heading), "receiptNumber": receipt.receiptNumber, "date": PageFormat.dateTime(receipt.taxPoint),
            "id": paymentID, "councilName": supplier.name, "councilAddress": supplier.address, "vatNumber": supplier.vatRegistrationNumber,
            "total": receipt.total.formatted, "chargesVAT": receipt.chargesVAT, "isFullInvoice": receipt.form == .fullInvoice,
            "totalNet": receipt.totalNet.formatted, "totalVAT": receipt.totalVAT.formatted,
            "receiptLines": receipt.lines.map { line -> [String: Any] in
                [
                    "description": line.description, "reference": line.reference, "gross": line.gross.formatted, "net": line.net.formatted,
                    "hasRate": line.hasRate, "rate": line.rateText, "vat": line.vat.formatted,
                ]
            },
            "vatRates": receipt.vatByRate.map { rate in
                ["text": text(.vatByRate, ["gross": rate.gross.formatted, "rate": rate.rateText]), "vat": rate.vat.formatted]
            },
        ]
        if let card = receipt.card {
            values["paidBy"] = text(.cardEnding, ["brand": card.brand ?? "", "last4": card.lastFourDigits ?? ""])
        }
        if let customer = receipt.customer {
            values["customer"] = ["name": customer.name, "address": customer.address ?? "", "postcode": customer.postcode ?? ""]
        }
        return values
    }
}
