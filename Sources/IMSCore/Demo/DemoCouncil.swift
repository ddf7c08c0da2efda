/// The demo council: the fixture that the README, the tests and the benchmarks share. Its funds carry the
/// reference rules of real revenues systems (Luhn, weighted modulus 11, masks) so that every validator
/// path is exercised by realistic data.
public enum DemoCouncil {
    public static let profile = CouncilProfile(
        name: "Demo Borough Council",
        address: ["Town Hall", "1 High Street", "Demotown", "DM1 1AA"],
        vatRegistrationNumber: "GB 123 4567 89",
        logoURL: nil,
        brandColour: "#1d70b8")

    public static let vatCodes: [VATCode] = [
        VATCode(
            code: "STD", name: "Standard rate", treatment: .standard,
            rates: [
                VATRate(effectiveFrom: VATRate.always, rateBasisPoints: 1750), VATRate(effectiveFrom: "2008-12-01", rateBasisPoints: 1500),
                VATRate(effectiveFrom: "2010-01-01", rateBasisPoints: 1750), VATRate(effectiveFrom: "2011-01-04", rateBasisPoints: 2000),
            ]),
        VATCode(code: "RED", name: "Reduced rate", treatment: .reduced, rateBasisPoints: 500),
        VATCode(code: "ZER", name: "Zero rate", treatment: .zero, rateBasisPoints: 0),
        VATCode(code: "EXE", name: "Exempt", treatment: .exempt, rateBasisPoints: 0),
        VATCode(code: "OUT", name: "Outside the scope of VAT", treatment: .outsideScope, rateBasisPoints: 0),
    ]

    /// Business rates' check character: weights 9…2 over the 8 digits, modulus 11, 11 − remainder,
    /// 10 → `X`, 11 → `0`.
    public static let businessRatesCheck = WeightedModulus(
        weights: [9, 8, 7, 6, 5, 4, 3, 2], modulus: 11, subtractFromModulus: true, resultCharacters: [10: "X", 11: "0"])

    public static let funds: [Fund] = [
        Fund(
            code: "CTAX", name: "Council Tax", vatCode: "OUT", maximumAmount: .pounds(10_000), glCode: "1001", costCentre: "REV01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(
                    minimumLength: 9, maximumLength: 9, characters: .digitsOnly, pattern: "77[0-9]{7}", checkCharacter: .luhn, example: "771234564"),
                hint: "9 digits starting 77, shown at the top of your council tax bill")),
        Fund(
            code: "NNDR", name: "Business Rates", vatCode: "OUT", maximumAmount: .pounds(1_000_000), glCode: "1002", costCentre: "REV02",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(
                    minimumLength: 9, maximumLength: 9, characters: ReferenceCharacters(digits: true, letters: false, others: "X"),
                    pattern: "56[0-9]{6}[0-9X]", checkCharacter: .weightedModulus(businessRatesCheck), example: "561234566"),
                hint: "9 characters starting 56, shown on your business rates bill")),
        Fund(
            code: "PARK", name: "Parking penalty charge notices", vatCode: "OUT", maximumAmount: .pounds(500), glCode: "2001", costCentre: "PRK01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(mask: ReferenceMask("$$########"), example: "DM12345678"),
                hint: "2 letters and 8 numbers, shown on the penalty charge notice")),
        Fund(
            code: "BINS", name: "Bins and garden waste", vatCode: "OUT", maximumAmount: .pounds(1_000), glCode: "3001", costCentre: "ENV01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(
                    minimumLength: 1, maximumLength: 20, characters: ReferenceCharacters(digits: true, letters: true, others: "-"),
                    example: "GW-104233"),
                hint: "Your order or customer number")),
        // Paying a sundry debtor invoice settles a debt: its VAT was accounted on the invoice, so the payment
        // itself is outside the scope of VAT (a VAT receipt for it would charge the VAT a second time).
        Fund(
            code: "SUND", name: "Sundry debtor invoices", vatCode: "OUT", maximumAmount: .pounds(100_000), glCode: "4001", costCentre: "FIN01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(minimumLength: 9, maximumLength: 9, characters: .digitsOnly, pattern: "[93][0-9]{8}", example: "912345678"),
                hint: "The 9-digit invoice number, starting 9 or 3")),
        Fund(
            code: "LICN", name: "Licensing", vatCode: "OUT", maximumAmount: .pounds(50_000), glCode: "5001", costCentre: "LIC01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(
                    minimumLength: 1, maximumLength: 20, characters: ReferenceCharacters(digits: true, letters: true, others: "/-"),
                    example: "LIC/2026/0042"),
                hint: "Your licence or application number")),
        Fund(
            code: "PLAN", name: "Planning applications", vatCode: "OUT", maximumAmount: .pounds(100_000), glCode: "6001", costCentre: "PLN01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(mask: ReferenceMask("PA/####/####"), example: "PA/2026/0123"),
                hint: "Your planning application number, like PA/2026/0123")),
        Fund(
            code: "BCON", name: "Building control", vatCode: "STD", maximumAmount: .pounds(50_000), glCode: "6002", costCentre: "BCN01",
            referenceValidator: ReferenceValidator(
                ReferenceFormat(mask: ReferenceMask("BC-######"), example: "BC-004211"),
                hint: "Your building control reference, like BC-004211")),
        Fund(
            code: "SUSP", name: "Suspense", vatCode: "OUT", glCode: "9999", costCentre: "FIN99",
            referenceValidator: .anyReference, routes: [.phone, .counter, .department, .file], isSuspense: true),
    ]

    public static let methodsOfPayment: [MethodOfPayment] = [
        MethodOfPayment(
            code: "CARD", name: "Card", minimumAmount: Money(pence: 1), maximumAmount: .pounds(1_000_000), isRefundable: true,
            cardFee: CardFeeRule(charge: .percentage(basisPoints: 150), bearer: .council), clearingAccountCode: "CARD",
            routes: [.online, .phone, .counter]),
        MethodOfPayment(
            code: "CASH", name: "Cash", minimumAmount: Money(pence: 1), maximumAmount: .pounds(10_000), isRefundable: true,
            clearingAccountCode: "CASH", routes: [.counter, .department]),
        MethodOfPayment(
            code: "CHQ", name: "Cheque", minimumAmount: Money(pence: 1), isRefundable: true, clearingAccountCode: "CHQ",
            routes: [.counter, .department, .file]),
        MethodOfPayment(
            code: "PO", name: "Postal order", minimumAmount: Money(pence: 1), maximumAmount: .pounds(250), isRefundable: true,
            clearingAccountCode: "PO"),
        MethodOfPayment(code: "DD", name: "Direct debit", isRefundable: true, clearingAccountCode: "DD"),
        MethodOfPayment(code: "BACS", name: "Bank transfer (BACS)", isRefundable: true, clearingAccountCode: "BANK"),
        MethodOfPayment(code: "ALLPAY", name: "allpay / PayPoint / Post Office", isRefundable: false, clearingAccountCode: "ALLPAY"),
        MethodOfPayment(code: "JNL", name: "Journal", isRefundable: false, clearingAccountCode: "JOURNAL"),
        MethodOfPayment(code: "XFER", name: "Transfer", isRefundable: false, clearingAccountCode: "TRANSFER"),
    ]

    public static let offices: [Office] = [
        Office(
            code: "TOWNHALL", name: "Town Hall cash office", address: ["Town Hall", "1 High Street", "Demotown", "DM1 1AA"], tills: ["T1", "T2"]),
        Office(code: "CONTACT", name: "Contact centre"),
        Office(code: "WEB", name: "Online"),
        Office(code: "ATP", name: "Automated telephone payments"),
    ]

    public static let fundGroups: [FundGroup] = [
        FundGroup(code: "PARKING", name: "Parking team", funds: ["PARK"], directoryGroups: ["ims-parking"]),
        FundGroup(code: "REVENUES", name: "Revenues team", funds: ["CTAX", "NNDR", "SUND"], directoryGroups: ["ims-revenues"]),
    ]

    public static let systemMessages: [SystemMessage] = [
        SystemMessage(
            code: "RECEIPT-FOOTER", placement: .receipts, text: "Thank you for your payment. Keep this receipt for your records.",
            welshText: "Diolch am eich taliad. Cadwch y dderbynneb hon ar gyfer eich cofnodion.")
    ]

    public static let configuration = CouncilConfiguration(
        profile: profile, vatCodes: vatCodes, funds: funds, methodsOfPayment: methodsOfPayment, offices: offices, fundGroups: fundGroups,
        systemMessages: systemMessages)
}
