/// What "try a reference" shows an officer configuring a fund: for each accepted format, whether the
/// reference passed it or which check it failed and why.
public struct ReferenceTrial: Hashable, Sendable {
    public struct FormatOutcome: Hashable, Sendable {
        /// The format's name, or `format N`.
        public var name: String
        /// What the format checks, in words (`9 characters, only numbers, pattern 77[0-9]{7}, Luhn check digit`).
        public var checks: String
        /// `nil` when the reference passed this format; otherwise the check it failed (`length`, `characters`,
        /// `pattern`, `mask`, `check character`) and the payer's message.
        public var failedCheck: String?
        public var message: String?

        public var passed: Bool { failedCheck == nil }
    }

    /// The reference as IMS stores it (trimmed, spaces removed, upper-case).
    public var normalised: String
    public var outcomes: [FormatOutcome]
    public var isValid: Bool { !normalised.isEmpty && outcomes.contains(where: \.passed) }
}

extension ReferenceValidator {
    /// Tries `text` against every format, for the fund screens' "try a reference" box.
    public func trial(_ text: String) -> ReferenceTrial {
        let reference = AccountReference(normalising: text).value
        let outcomes = formats.enumerated().map { index, format in
            let name = format.name ?? "format \(index + 1)"
            guard !reference.isEmpty else {
                return ReferenceTrial.FormatOutcome(name: name, checks: format.summary, failedCheck: "length", message: "Enter your reference")
            }
            let failure = format.failure(for: reference)
            return ReferenceTrial.FormatOutcome(
                name: name, checks: format.summary, failedCheck: failure.map { $0.stage.name }, message: failure?.error.reason)
        }
        return ReferenceTrial(normalised: reference, outcomes: outcomes)
    }
}

extension ReferenceFormat {
    /// The checks of this format in words, for officers.
    public var summary: String {
        var parts: [String] = []
        switch (minimumLength, maximumLength) {
        case (let minimum?, let maximum?) where minimum == maximum: parts.append("\(minimum) characters")
        case (let minimum?, let maximum?): parts.append("\(minimum) to \(maximum) characters")
        case (let minimum?, nil): parts.append("at least \(minimum) characters")
        case (nil, let maximum?): parts.append("up to \(maximum) characters")
        case (nil, nil): break
        }
        if let characters { parts.append(characters.explanation) }
        if let pattern { parts.append("pattern \(pattern)") }
        if let mask { parts.append("mask \(mask.pattern)") }
        if let checkCharacter { parts.append("\(checkCharacter.explanation) check character") }
        return parts.isEmpty ? "any reference" : parts.joined(separator: ", ")
    }
}

extension ReferenceFormat.Stage {
    var name: String {
        switch self {
        case .length: "length"
        case .characters: "characters"
        case .pattern: "pattern"
        case .mask: "mask"
        case .checkCharacter: "check character"
        }
    }
}
