/// A few weeks of realistic sample income for the demo council, the same every time for the same seed:
/// payments across funds, channels and methods, with valid references and payers whose names have
/// apostrophes, hyphens and accents.
public struct DemoIncome {
    private var random: SeededRandom
    private let configuration: CouncilConfiguration

    public init(configuration: CouncilConfiguration = DemoCouncil.configuration, seed: UInt64 = 2026) {
        self.configuration = configuration
        random = SeededRandom(seed: seed)
    }

    /// `count` payments spread over the `days` days before `end`, oldest first.
    public mutating func payments(count: Int, days: Int, endingAt end: Timestamp) throws(IMSError) -> [EntryContent] {
        let start = end.adding(seconds: -Int64(days) * 86_400)
        var times = (0..<count).map { _ in
            start.adding(seconds: Int64(random.next(upTo: UInt64(days) * 86_400)))
        }
        times.sort()
        var payments: [EntryContent] = []
        for time in times {
            payments.append(try payment(at: time))
        }
        return payments
    }

    private mutating func payment(at time: Timestamp) throws(IMSError) -> EntryContent {
        let payableFunds = configuration.funds.filter { !$0.isSuspense && !$0.isRetired }
        let itemCount = random.next(upTo: 10) == 0 ? 2 : 1
        var items: [PaymentItem] = []
        for _ in 0..<itemCount {
            let fund = payableFunds[Int(random.next(upTo: UInt64(payableFunds.count)))]
            let reference = try fund.validateReference(referenceText(for: fund.code))
            items.append(PaymentItem(fund: fund, reference: reference, amount: amount(for: fund.code)))
        }
        let (channel, office, methodCode) = channelAndMethod()
        guard let method = configuration.methodOfPayment(methodCode) else {
            throw IMSError(.internal, .entryInvalid, "The demo council has no method of payment \(methodCode)")
        }
        let isCard = methodCode == "CARD"
        let name = payerName()
        let details = PaymentDetails(
            occurredAt: time, recordedBy: channel == .online ? .system("online") : .user(staffName(office)), methodOfPayment: method,
            channel: channel, office: office, payer: PayerDetails(name: name, address: address(), postcode: postcode()),
            pspReference: isCard ? "sandbox-" + hex(count: 12) : nil,
            card: isCard ? CardSummary(brand: pick(["visa", "master-card", "visa-debit"]), lastFourDigits: digits(4)) : CardSummary())
        return try PostingRules.payment(items, details: details, vatCodes: configuration.vatCodesByCode)
    }

    private mutating func channelAndMethod() -> (Channel, String, String) {
        switch random.next(upTo: 100) {
        case 0..<60: (.online, "WEB", "CARD")
        case 60..<72: (.moto, "CONTACT", "CARD")
        case 72..<80: (.atp, "ATP", "CARD")
        case 80..<90: (.counter, "TOWNHALL", "CASH")
        case 90..<95: (.counter, "TOWNHALL", "CHQ")
        default: (.counter, "TOWNHALL", "CARD")
        }
    }

    private mutating func referenceText(for fund: FundCode) -> String {
        switch fund.rawValue {
        case "CTAX":
            let payload = Array("77" + digits(6))
            return String(payload) + String(CheckCharacterScheme.luhn.checkCharacter(for: payload) ?? "0")
        case "NNDR":
            let payload = Array("56" + digits(6))
            return String(payload) + String(CheckCharacterScheme.weightedModulus(DemoCouncil.businessRatesCheck).checkCharacter(for: payload) ?? "0")
        case "PARK": return letters(2) + digits(8)
        case "BINS": return "GW-" + digits(6)
        case "SUND": return pick(["9", "3"]) + digits(8)
        case "LICN": return "LIC/2026/" + digits(4)
        case "PLAN": return "PA/2026/" + digits(4)
        case "BCON": return "BC-" + digits(6)
        default: return digits(8)
        }
    }

    private mutating func amount(for fund: FundCode) -> Money {
        func between(_ low: Int64, _ high: Int64) -> Money {
            Money(pence: low * 100 + Int64(random.next(upTo: UInt64((high - low) * 100))))
        }
        switch fund.rawValue {
        case "CTAX": return between(40, 260)
        case "NNDR": return between(150, 4_000)
        case "PARK": return Money.pounds(pick([35, 70, 110]))
        case "BINS": return Money.pounds(pick([45, 30, 60]))
        case "SUND": return between(20, 1_500)
        case "LICN": return between(50, 600)
        case "PLAN": return between(250, 1_200)
        case "BCON": return between(300, 900)
        default: return between(10, 100)
        }
    }

    private static let forenames = [
        "Amelia", "Oliver", "Siân", "Dafydd", "Zoë", "Mohammed", "Aoife", "Priya", "Chloé", "Jack", "Niamh", "Tomasz", "Grace", "Rhys", "Fatima",
        "Seán",
    ]
    private static let surnames = [
        "O'Brien", "Wright-Lee", "Ní Bhriain", "Jones", "Smith", "Patel", "Williams", "Nowak", "McDonald", "Evans", "Brontë", "D'Souza", "Taylor",
        "Ahmed", "Ó Súilleabháin", "Clarke",
    ]
    private static let streets = ["Mill Lane", "High Street", "Church Road", "Station Approach", "Victoria Terrace", "Heol y Parc", "Queen's Walk"]

    private mutating func payerName() -> String { "\(pick(Self.forenames)) \(pick(Self.surnames))" }
    private mutating func address() -> String { "\(random.next(upTo: 180) + 1) \(pick(Self.streets)), Demotown" }
    private mutating func postcode() -> String { "DM\(random.next(upTo: 9) + 1) \(random.next(upTo: 9) + 1)\(letters(2))" }
    private mutating func staffName(_ office: String) -> String {
        office == "TOWNHALL" ? pick(["cashier.alice", "cashier.bob"]) : pick(["agent.carol", "agent.dan"])
    }

    private mutating func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(random.next(upTo: 10))) }) }
    private mutating func letters(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPRSTUVWXYZ")
        return String((0..<count).map { _ in alphabet[Int(random.next(upTo: UInt64(alphabet.count)))] })
    }
    private mutating func hex(count: Int) -> String {
        let alphabet = Array("0123456789abcdef")
        return String((0..<count).map { _ in alphabet[Int(random.next(upTo: 16))] })
    }
    private mutating func pick<T>(_ options: [T]) -> T { options[Int(random.next(upTo: UInt64(options.count)))] }
}

/// SplitMix64: a small, fast, seedable generator, so that demo data and benchmarks are reproducible.
/// Not for secrets.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<bound`.
    public mutating func next(upTo bound: UInt64) -> UInt64 {
        UInt64.random(in: 0..<bound, using: &self)
    }
}
