import Foundation
import IMSCore

/// The words of the public payment pages, in English and Welsh. Every phrase has both: the table is one
/// exhaustive `switch`, so a phrase added without its Welsh does not compile. Templates read the phrases
/// as `{{t.phraseName}}`; phrases with `{placeholders}` are filled in by the pages' code.
///
/// Fund names and reference hints come from the council's configuration, which holds them in English only.
struct PublicText: Sendable {
    /// The language of a page: `en` or `cy`, as payments store it and as `<html lang>` wants it.
    enum Language: String, Sendable, Hashable, CaseIterable {
        case english = "en"
        case welsh = "cy"

        /// The other language, for the switch-language link.
        var other: Language { self == .english ? .welsh : .english }
    }

    enum Phrase: String, Sendable, CaseIterable {
        // Layout
        case skipLink, errorPrefix, errorSummaryTitle, demoBanner, languageNavigation, languageName
        // Choosing an item
        case payTheCouncil, payIntro, changeItem, whatFor, fundHint, forExample, reference, referenceHint, referenceHintForFund
        case amount, amountHint, amountMaximum, addToBasket, saveChanges, back, viewBasket
        // Basket and check
        case basketTitle, basketEmpty, basketCount, basketCountOne, basketFull, change, remove, total, addAnother, continueLabel
        case checkTitle, changeBasket, payerLegend, payerHint, payerName, payerAddress, payerPostcode, providerNote, continueToPayment
        case yourPayment, paymentFor
        // Outcomes
        case paymentComplete, receiptNumber, yourReceiptNumber, paidBy, cardEnding, printReceipt, makeAnother
        case failedTitle, failedBody, cancelledTitle, cancelledBody, expiredTitle, expiredBody, errorTitle, errorBody
        case noMoneyTaken, tryAgain, returnToService, pendingTitle, pendingBody, checkAgain
        case unavailableTitle, unavailableBody, notFoundTitle, notFoundBody, formExpiredTitle, formExpiredBody, startAgain
        case tooManyTitle, tooManyBody, receiptClosedTitle, receiptClosedBody
        // Receipt
        case receiptTitle, vatReceiptTitle, vatInvoiceTitle, council, vatNumber, timeOfSupply, customer, description
        case quantity, amountExcludingVAT, vatRate, vat, amountPaid, totalExcludingVAT, totalVAT, noVAT, vatByRate
        case printHint, paymentReference, receiptTable
        // Errors
        case chooseFund, enterReference, referenceNotValid, referenceFormat, referenceLength, referenceCharacters
        case enterAmount, amountInvalid, amountFractionOfPenny, amountNotPositive, amountOverMaximum, amountTooLarge
        case basketFullError, enterPayerName, enterPayerAddress, enterPostcode, textTooLong, noCardNumbers, itemNoLongerValid
    }

    let language: Language

    /// The phrase in this page's language, with `{name}` placeholders replaced by `values`.
    func callAsFunction(_ phrase: Phrase, _ values: [String: String] = [:]) -> String {
        let words = Self.words(phrase)
        var text = language == .welsh ? words.cy : words.en
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// Every phrase by name, for templates (`{{t.continueLabel}}`).
    var templateValues: [String: String] {
        Dictionary(uniqueKeysWithValues: Phrase.allCases.map { ($0.rawValue, self($0)) })
    }

    /// What the shared layout shows in this language (it falls back to English when a page passes none).
    var layoutValues: [String: String] {
        [
            "skipLink": self(.skipLink), "errorPrefix": self(.errorPrefix) + " ", "errorSummaryTitle": self(.errorSummaryTitle),
            "demoBanner": self(.demoBanner),
        ]
    }

    /// The payer's words for a validation failure. English keeps the core's reason, which is already written
    /// for payers; Welsh says the same from the error's stable code, with the fund's example and maximum.
    func message(for error: IMSError, fund: Fund? = nil) -> String {
        let example = fund?.referenceValidator.formats.lazy.compactMap(\.example).first
        let forExample = example.map { ", " + self(.forExample, ["example": $0]).lowercasedFirst } ?? ""
        let phrase: Phrase? =
            switch error.code {
            case .referenceMissing: .enterReference
            case .referenceCheckCharacter: .referenceNotValid
            case .referencePattern, .referenceMask: .referenceFormat
            case .referenceLength: .referenceLength
            case .referenceCharacters: .referenceCharacters
            case .moneyInvalid: .amountInvalid
            case .moneyFractionOfPenny: .amountFractionOfPenny
            case .moneyOutOfRange: .amountTooLarge
            case .amountNotPositive: .amountNotPositive
            case .amountOverMaximum where fund?.maximumAmount != nil: .amountOverMaximum
            default: nil
            }
        guard language == .welsh, let phrase else { return error.reason }
        return self(phrase, ["example": forExample, "fund": fund?.name ?? "", "maximum": fund?.maximumAmount?.formatted ?? ""])
    }

    /// The table itself: long, but one place to read and translate, and checked complete by the compiler.
    private static func words(_ phrase: Phrase) -> (en: String, cy: String) {
        switch phrase {
        case .skipLink: ("Skip to main content", "Neidio i'r prif gynnwys")
        case .errorPrefix: ("Error:", "Gwall:")
        case .errorSummaryTitle: ("There is a problem", "Mae problem wedi codi")
        case .demoBanner:
            (
                "This is a demonstration of IMS with sample data. Do not enter real payment details.",
                "Arddangosiad o IMS gyda data enghreifftiol yw hwn. Peidiwch â rhoi manylion talu go iawn."
            )
        case .languageNavigation: ("Language", "Iaith")
        case .languageName: ("English", "Cymraeg")

        case .payTheCouncil: ("Pay the council", "Talu'r cyngor")
        case .payIntro:
            (
                "Pay a bill, fine or fee to {council}. You can pay for up to 10 items in one payment.",
                "Talu bil, dirwy neu ffi i {council}. Gallwch dalu am hyd at 10 eitem mewn un taliad."
            )
        case .changeItem: ("Change an item", "Newid eitem")
        case .whatFor: ("What do you want to pay for?", "Am beth ydych chi eisiau talu?")
        case .fundHint: ("Select one", "Dewiswch un")
        case .forExample: ("For example, {example}", "Er enghraifft, {example}")
        case .reference: ("Reference", "Cyfeirnod")
        case .referenceHint:
            (
                "Enter it exactly as it appears on your bill or notice. The format for each choice is shown above.",
                "Rhowch y cyfeirnod yn union fel y mae'n ymddangos ar eich bil neu hysbysiad. Mae fformat pob dewis i'w weld uchod."
            )
        case .referenceHintForFund: ("For {fund}: {hint}", "Ar gyfer {fund}: {hint}")
        case .amount: ("Amount", "Swm")
        case .amountHint: ("In pounds and pence, for example 45.50", "Mewn punnoedd a cheiniogau, er enghraifft 45.50")
        case .amountMaximum: ("Up to {maximum}", "Hyd at {maximum}")
        case .addToBasket: ("Continue", "Parhau")
        case .saveChanges: ("Save changes", "Cadw'r newidiadau")
        case .back: ("Back", "Yn ôl")
        case .viewBasket: ("View your basket", "Gweld eich basged")

        case .basketTitle: ("Your basket", "Eich basged")
        case .basketEmpty: ("Your basket is empty.", "Mae eich basged yn wag.")
        case .basketCount: ("You have {count} items in your basket.", "Mae gennych {count} eitem yn eich basged.")
        case .basketCountOne: ("You have 1 item in your basket.", "Mae gennych 1 eitem yn eich basged.")
        case .basketFull:
            (
                "You can pay for up to 10 items at once. Pay for these first, then start a new payment for the rest.",
                "Gallwch dalu am hyd at 10 eitem ar unwaith. Talwch am y rhain yn gyntaf, yna dechreuwch daliad newydd ar gyfer y gweddill."
            )
        case .change: ("Change", "Newid")
        case .remove: ("Remove", "Dileu")
        case .total: ("Total", "Cyfanswm")
        case .addAnother: ("Add another item", "Ychwanegu eitem arall")
        case .continueLabel: ("Continue", "Parhau")
        case .checkTitle: ("Check your answers before paying", "Gwirio'ch atebion cyn talu")
        case .changeBasket: ("Add or remove items", "Ychwanegu neu ddileu eitemau")
        case .payerLegend: ("Your name and address", "Eich enw a'ch cyfeiriad")
        case .payerHint:
            (
                "We need these for your VAT invoice, because you are paying more than £250 for services that include VAT.",
                "Mae angen y rhain arnom ar gyfer eich anfoneb TAW, oherwydd eich bod yn talu mwy na £250 am wasanaethau sy'n cynnwys TAW."
            )
        case .payerName: ("Full name", "Enw llawn")
        case .payerAddress: ("Address", "Cyfeiriad")
        case .payerPostcode: ("Postcode", "Cod post")
        case .providerNote:
            (
                "You will go to our payment provider's secure page to enter your card details.",
                "Byddwch yn mynd i dudalen ddiogel ein darparwr taliadau i roi manylion eich cerdyn."
            )
        case .continueToPayment: ("Continue to payment", "Parhau i dalu")
        case .yourPayment: ("Your payment", "Eich taliad")
        case .paymentFor: ("Payment to {council}", "Taliad i {council}")

        case .paymentComplete: ("Payment complete", "Taliad wedi'i gwblhau")
        case .receiptNumber: ("Receipt number", "Rhif y dderbynneb")
        case .yourReceiptNumber: ("Your receipt number is", "Rhif eich derbynneb yw")
        case .paidBy: ("Paid by", "Talwyd gyda")
        case .cardEnding: ("{brand} card ending {last4}", "Cerdyn {brand} yn gorffen gyda {last4}")
        case .printReceipt: ("Print your receipt", "Argraffu eich derbynneb")
        case .makeAnother: ("Make another payment", "Gwneud taliad arall")
        case .failedTitle: ("Your payment was declined", "Cafodd eich taliad ei wrthod")
        case .failedBody:
            (
                "Your card was not charged. Check your card details, or use a different card.",
                "Ni chodwyd tâl ar eich cerdyn. Gwiriwch fanylion eich cerdyn, neu defnyddiwch gerdyn gwahanol."
            )
        case .cancelledTitle: ("Your payment was cancelled", "Cafodd eich taliad ei ganslo")
        case .cancelledBody: ("You cancelled the payment before it was made.", "Gwnaethoch ganslo'r taliad cyn iddo gael ei wneud.")
        case .expiredTitle: ("Your payment has timed out", "Mae amser eich taliad wedi dod i ben")
        case .expiredBody: ("You did not finish paying in time.", "Ni wnaethoch orffen talu mewn pryd.")
        case .errorTitle: ("There was a problem with your payment", "Roedd problem gyda'ch taliad")
        case .errorBody:
            (
                "Something went wrong while your payment was being taken. Do not pay again yet: contact the council and quote the payment reference {id}.",
                "Aeth rhywbeth o'i le wrth gymryd eich taliad. Peidiwch â thalu eto: cysylltwch â'r cyngor a rhowch gyfeirnod y taliad {id}."
            )
        case .noMoneyTaken: ("No money has been taken from your account.", "Nid oes arian wedi'i gymryd o'ch cyfrif.")
        case .tryAgain: ("Try again", "Rhoi cynnig arall arni")
        case .returnToService: ("Go back to try again", "Mynd yn ôl i roi cynnig arall arni")
        case .pendingTitle: ("We are checking your payment", "Rydym yn gwirio eich taliad")
        case .tooManyTitle: ("Too many attempts", "Gormod o ymdrechion")
        case .receiptClosedTitle: ("This receipt is no longer shown here", "Nid yw'r dderbynneb hon yn cael ei dangos yma mwyach")
        case .receiptClosedBody:
            (
                "For your privacy a receipt is shown only to the browser that paid, or for a day after the payment. Ask the council for a copy, quoting {id}.",
                "Er mwyn eich preifatrwydd dim ond i'r porwr a dalodd y dangosir derbynneb, neu am ddiwrnod ar ôl y taliad. Gofynnwch i'r cyngor am gopi, gan nodi {id}."
            )
        case .tooManyBody:
            (
                "There have been too many payment attempts from your connection. Wait a minute, then try again.",
                "Bu gormod o ymdrechion i dalu o'ch cysylltiad. Arhoswch funud, yna rhowch gynnig arall arni."
            )
        case .pendingBody:
            (
                "Your card provider has not told us the result yet. Do not pay again. Check again in a minute.",
                "Nid yw darparwr eich cerdyn wedi rhoi'r canlyniad i ni eto. Peidiwch â thalu eto. Gwiriwch eto mewn munud."
            )
        case .checkAgain: ("Check again", "Gwirio eto")
        case .unavailableTitle: ("Sorry, there is a problem with the service", "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth")
        case .unavailableBody:
            (
                "We could not reach the payment provider. Try again in a few minutes.",
                "Nid oedd modd i ni gysylltu â'r darparwr taliadau. Rhowch gynnig arall arni ymhen ychydig funudau."
            )
        case .notFoundTitle: ("Page not found", "Heb ddod o hyd i'r dudalen")
        case .notFoundBody:
            (
                "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.",
                "Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch ei gludo, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan."
            )
        case .formExpiredTitle: ("This form has expired", "Mae'r ffurflen hon wedi dod i ben")
        case .formExpiredBody:
            (
                "Go back, reload the page and try again. Nothing has been paid.",
                "Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni. Nid oes dim wedi'i dalu."
            )
        case .startAgain: ("Start again", "Dechrau eto")

        case .receiptTitle: ("Receipt", "Derbynneb")
        case .vatReceiptTitle: ("VAT receipt", "Derbynneb TAW")
        case .vatInvoiceTitle: ("VAT invoice", "Anfoneb TAW")
        case .council: ("Paid to", "Talwyd i")
        case .vatNumber: ("VAT registration number", "Rhif cofrestru TAW")
        case .timeOfSupply: ("Date and time of payment", "Dyddiad ac amser y taliad")
        case .customer: ("Customer", "Cwsmer")
        case .description: ("Description", "Disgrifiad")
        case .quantity: ("Quantity", "Nifer")
        case .amountExcludingVAT: ("Amount excluding VAT", "Swm heb TAW")
        case .vatRate: ("VAT rate", "Cyfradd TAW")
        case .vat: ("VAT", "TAW")
        case .amountPaid: ("Amount paid", "Swm a dalwyd")
        case .totalExcludingVAT: ("Total excluding VAT", "Cyfanswm heb TAW")
        case .totalVAT: ("Total VAT", "Cyfanswm TAW")
        case .noVAT: ("No VAT", "Dim TAW")
        case .vatByRate: ("{gross} including VAT at {rate}", "{gross} gan gynnwys TAW ar {rate}")
        case .printHint:
            (
                "Use your browser's print option to print this receipt or save it as a PDF.",
                "Defnyddiwch opsiwn argraffu eich porwr i argraffu'r dderbynneb hon neu ei chadw fel PDF."
            )
        case .paymentReference: ("Payment reference", "Cyfeirnod y taliad")
        case .receiptTable: ("What you paid for", "Am beth y gwnaethoch dalu")

        case .chooseFund: ("Select what you want to pay for", "Dewiswch am beth rydych chi eisiau talu")
        case .enterReference: ("Enter your reference", "Rhowch eich cyfeirnod")
        case .referenceNotValid:
            (
                "Your reference is not valid. Check you have typed it exactly as it appears on your bill",
                "Nid yw eich cyfeirnod yn ddilys. Gwiriwch eich bod wedi'i deipio yn union fel y mae ar eich bil"
            )
        case .referenceFormat: ("Your reference is not in the right format{example}", "Nid yw eich cyfeirnod yn y fformat cywir{example}")
        case .referenceLength: ("Your reference is not the right length{example}", "Nid yw eich cyfeirnod yr hyd cywir{example}")
        case .referenceCharacters:
            ("Your reference contains characters it cannot have{example}", "Mae nodau yn eich cyfeirnod na ddylai fod ynddo{example}")
        case .enterAmount: ("Enter the amount you want to pay", "Rhowch y swm rydych chi eisiau ei dalu")
        case .amountInvalid: ("Enter an amount in pounds and pence, like £12.50", "Rhowch swm mewn punnoedd a cheiniogau, fel £12.50")
        case .amountFractionOfPenny:
            (
                "Enter an amount in pounds and pence, with no more than 2 digits after the point",
                "Rhowch swm mewn punnoedd a cheiniogau, heb fwy na 2 ddigid ar ôl y pwynt"
            )
        case .amountNotPositive: ("Enter an amount greater than £0.00", "Rhowch swm sy'n fwy na £0.00")
        case .amountOverMaximum:
            ("The most you can pay towards {fund} at once is {maximum}", "Y mwyaf y gallwch ei dalu tuag at {fund} ar unwaith yw {maximum}")
        case .amountTooLarge: ("The amount is too large", "Mae'r swm yn rhy fawr")
        case .basketFullError: ("You can pay for up to 10 items at once", "Gallwch dalu am hyd at 10 eitem ar unwaith")
        case .enterPayerName: ("Enter your full name", "Rhowch eich enw llawn")
        case .enterPayerAddress: ("Enter your address", "Rhowch eich cyfeiriad")
        case .enterPostcode: ("Enter a real postcode, like DM1 1AA", "Rhowch god post go iawn, fel DM1 1AA")
        case .textTooLong: ("{field} must be {maximum} characters or fewer", "Rhaid i {field} fod yn {maximum} nod neu lai")
        case .noCardNumbers: ("Do not enter card numbers here", "Peidiwch â rhoi rhifau cardiau yma")
        case .itemNoLongerValid: ("Item {number}: {reason}", "Eitem {number}: {reason}")
        }
    }
}

extension String {
    /// `For example, X` → `for example, X`, to follow a comma.
    fileprivate var lowercasedFirst: String { prefix(1).lowercased() + dropFirst() }
}
