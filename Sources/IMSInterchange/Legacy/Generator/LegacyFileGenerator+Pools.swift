import IMSCore

extension LegacyFileGenerator.Content {
    private static func utf8(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    /// How money arrived, with the legacy system's office, staff and receipt prefix, weighted by volume.
    static let channels: [Channel] = [
        Channel(
            method: Array("CARD".utf8), office: Array("WEB".utf8), users: utf8(["online"]), isCard: true, receiptPrefix: Array("WB".utf8), weight: 52),
        Channel(
            method: Array("CARD".utf8), office: Array("CONTACT".utf8), users: utf8(["CAROL.D", "DAN.K", "SEAN.OB"]), isCard: true,
            receiptPrefix: Array("CC".utf8), weight: 12),
        Channel(
            method: Array("CARD".utf8), office: Array("ATP".utf8), users: utf8(["atp"]), isCard: true, receiptPrefix: Array("AT".utf8), weight: 8),
        Channel(
            method: Array("CARD".utf8), office: Array("TOWNHALL".utf8), users: utf8(["ALICE.W", "BOB.M"]), isCard: true,
            receiptPrefix: Array("TH".utf8), weight: 6),
        Channel(
            method: Array("CASH".utf8), office: Array("TOWNHALL".utf8), users: utf8(["ALICE.W", "BOB.M"]), isCard: false,
            receiptPrefix: Array("TH".utf8), weight: 8),
        Channel(
            method: Array("CHQ".utf8), office: Array("TOWNHALL".utf8), users: utf8(["ALICE.W", "BOB.M"]), isCard: false,
            receiptPrefix: Array("TH".utf8), weight: 4),
        Channel(
            method: Array("DD".utf8), office: Array("BACKOFFICE".utf8), users: utf8(["batch"]), isCard: false, receiptPrefix: Array("DD".utf8),
            weight: 5),
        Channel(
            method: Array("ALLPAY".utf8), office: Array("BACKOFFICE".utf8), users: utf8(["batch"]), isCard: false, receiptPrefix: Array("AP".utf8),
            weight: 5),
    ]

    static let forenames = utf8([
        "Amelia", "Oliver", "Siân", "Dafydd", "Zoë", "Mohammed", "Aoife", "Priya", "Chloé", "Jack", "Niamh", "Tomasz",
        "Grace", "Rhys", "Fatima", "Seán", "Bríd", "José", "Łucja", "Margaret", "Olu", "Ewan", "Mei", "Hannah",
    ])

    static let surnames = utf8([
        "O'Brien", "Wright-Lee", "Ní Bhriain", "Jones", "Smith", "Patel", "Williams", "Nowak", "McDonald", "Evans",
        "Brontë", "D'Souza", "Taylor", "Ahmed", "Ó Súilleabháin", "Clarke", "Müller", "Ap Iorwerth", "Okonkwo-Hart", "Núñez",
    ])

    static let streets = utf8([
        "Mill Lane", "High Street", "Church Road", "Station Approach", "Victoria Terrace", "Heol y Parc", "Queen's Walk",
        "St Mary's Close", "The Crescent", "Ffordd yr Afon", "King's Parade", "Orchard Way",
    ])

    static let towns = utf8(["Demotown", "Little Demford", "Upper Sampleby", "Testbury"])
    static let postcodeAreas = utf8(["DM", "DM", "DM", "SA", "TE"])

    static let multiLineNarratives = utf8([
        "Paid at the counter.\nCustomer asked for the receipt by post",
        "Customer said \"paid twice\", refund to follow,\nsee letter dated 3rd",
        "Instalments 1-3, \"arrears\" cleared\nagreed with J. O'Neill\nby phone",
        "Garden waste: 2 bins, brown lid\nCollection Tuesdays, from April",
    ])

    static let cardNarrativeOpenings = [
        Array("Caller read out card ".utf8), Array("Paid with card ".utf8), Array("Card no. ".utf8),
    ]

    /// Values that cannot be read as a date in `dd/MM/yyyy HH:mm:ss`.
    static let badDates = utf8([
        "31/02/2021 10:15:00", "2021-03-04 10:15:00", "04/13/2021 09:00:00", "12/05/2021", "12/05/2021 25:10:00", "unknown", "",
    ])
    /// Values that are not amounts in the legacy grammar.
    static let badAmounts = utf8(["£12.50", "1,234.00", "12.", ".50", "twelve", "12.5.0", "", "12 50", "+12.00"])
    /// Fund codes the demo council does not have.
    static let unknownFunds = utf8(["ZZZ", "OLD1", "XMAS", "CTX"])

    static func narratives(for fund: FundCode) -> [String] {
        switch fund.rawValue {
        case "CTAX": ["Council tax instalment", "Council tax, arrears and summons costs", "Council tax 2nd home", "CT payment"]
        case "NNDR": ["Business rates instalment", "NNDR, final notice", "Rates for unit 4"]
        case "PARK": ["PCN payment", "Penalty charge, reduced rate", "Parking fine, Mill Lane car park"]
        case "BINS": ["Garden waste subscription", "Bulky waste collection, sofa", "Replacement bin"]
        case "SUND": ["Sundry invoice", "Invoice payment, hall hire", "Allotment rent"]
        case "LICN": ["Premises licence fee", "Taxi driver's licence", "Street trading consent"]
        case "PLAN": ["Planning application fee", "Pre-application advice", "Householder application"]
        case "BCON": ["Building regulations fee", "Completion certificate", "Inspection fee"]
        default: ["Payment", "Legacy payment"]
        }
    }
}
