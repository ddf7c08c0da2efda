import Foundation

extension Data {
    /// Decodes base64url without padding (RFC 7515 §2), as JWTs and JWKs use it. `nil` for anything else.
    /// Package access: the web module's public basket cookie uses the same encoding.
    package init?(base64URLEncoded text: some StringProtocol) {
        guard text.utf8.allSatisfy({ Self.isBase64URLCharacter($0) }) else { return nil }
        var base64 = String(text).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        switch base64.count % 4 {
        case 0: break
        case 2: base64 += "=="
        case 3: base64 += "="
        default: return nil
        }
        self.init(base64Encoded: base64)
    }

    private static func isBase64URLCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    /// base64url without padding (RFC 7515 §2).
    package func base64URLEncodedString() -> String {
        base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
