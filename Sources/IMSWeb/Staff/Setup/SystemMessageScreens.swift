import IMSCore
import IMSServices

/// The council's messages: a banner on the public pages, a notice on the staff screens, a line on receipts;
/// each in English and, where given, Welsh.
enum SystemMessageScreens: SetupFamily {
    static let path = "messages"
    static let title = "System messages"
    static let singular = "system message"
    static let permission = Permission.adminFunds
    static let codeLength = 30
    static let columns = ["Shown"]

    static func items(in configuration: CouncilConfiguration) -> [SystemMessage] { configuration.systemMessages }
    static func code(of item: SystemMessage) -> String { item.code }
    static func name(of item: SystemMessage) -> String { String(item.text.prefix(80)) }
    static func isRetired(_ item: SystemMessage) -> Bool { item.isRetired }
    static func saved(_ item: SystemMessage) -> CouncilSetup.Item { .systemMessage(item) }

    static func setting(_ item: SystemMessage, retired: Bool) -> SystemMessage {
        var item = item
        item.isRetired = retired
        return item
    }

    static func placementText(_ placement: SystemMessage.Placement) -> String {
        switch placement {
        case .publicPages: "A banner on the public payment pages"
        case .staffScreens: "A notice on the staff screens"
        case .receipts: "A line printed on receipts"
        }
    }

    static func cells(_ item: SystemMessage, in configuration: CouncilConfiguration) -> [String] { [placementText(item.placement)] }

    static func summary(_ item: SystemMessage, in configuration: CouncilConfiguration) -> [(String, String)] {
        [("Shown", placementText(item.placement)), ("Text", item.text), ("Welsh text", item.welshText ?? "None")]
    }

    static func sections(_ item: SystemMessage?, typed form: FormData?, in configuration: CouncilConfiguration) -> [SetupSection] {
        let placements = SystemMessage.Placement.allCases.map {
            SetupOption(value: $0.rawValue, label: placementText($0), selected: $0 == (item?.placement ?? .publicPages))
        }
        return [
            SetupSection(fields: [
                SetupField(name: "placement", label: "Where it is shown", kind: .radios(placements)),
                SetupField(name: "text", label: "Text", kind: .textarea, value: item?.text ?? ""),
                SetupField(
                    name: "welsh_text", label: "Welsh text", hint: "Shown on the Welsh pages; leave empty to show the English", kind: .textarea,
                    value: item?.welshText ?? ""),
            ]).refilled(from: form)
        ]
    }

    static func parse(_ reader: inout SetupFormReader, code: String, existing: SystemMessage?, in configuration: CouncilConfiguration)
        -> SystemMessage
    {
        let placement = SystemMessage.Placement(rawValue: reader.form["placement"] ?? "")
        if placement == nil { reader.fail("placement", "Choose where the message is shown") }
        let text = reader.required("text", "the text", maximumLength: 1000)
        return SystemMessage(
            code: code, placement: placement ?? .publicPages, text: text, welshText: reader.optional("welsh_text", maximumLength: 1000),
            isRetired: existing?.isRetired ?? false)
    }
}
