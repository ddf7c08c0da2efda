import Foundation
import Hummingbird
import IMSCore

/// The council's colour as a stylesheet: the content security policy allows no inline style, so the colour
/// from configuration is served as `/assets/brand.css`. The masthead's text is white or near-black,
/// whichever contrasts more with the colour (WCAG 2.2 AA needs 4.5:1 for text).
extension PaymentPages {
    static let defaultBrandColour = "#1d70b8"

    func registerBranding(on routes: RouteTable) {
        let css = Self.brandStylesheet(colour: pages.instance.council.brandColour)
        routes.add(.get, "/assets/brand.css", access: .open, "The council's brand colour as a stylesheet") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: css)))
        }
    }

    static func brandStylesheet(colour configured: String) -> String {
        let colour = rgb(configured) == nil ? defaultBrandColour : configured.lowercased()
        let text = textColour(on: colour)
        return ":root { --brand: \(colour); --brand-text: \(text); }\n"
    }

    /// `#ffffff` or `#0b0c0c`, whichever has the higher contrast ratio against `colour`.
    static func textColour(on colour: String) -> String {
        let background = luminance(rgb(colour) ?? rgb(defaultBrandColour)!)
        let white = contrast(1, background)
        let black = contrast(luminance((0x0b, 0x0c, 0x0c)), background)
        return white >= black ? "#ffffff" : "#0b0c0c"
    }

    /// The three channels of `#rrggbb`; nil for anything else (so nothing else reaches the stylesheet).
    static func rgb(_ text: String) -> (Int, Int, Int)? {
        let digits = Array(text.lowercased())
        guard digits.count == 7, digits[0] == "#", digits.dropFirst().allSatisfy(\.isHexDigit),
            let value = Int(String(digits.dropFirst()), radix: 16)
        else { return nil }
        return (value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff)
    }

    /// WCAG relative luminance.
    static func luminance(_ rgb: (Int, Int, Int)) -> Double {
        func channel(_ value: Int) -> Double {
            let c = Double(value) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(rgb.0) + 0.7152 * channel(rgb.1) + 0.0722 * channel(rgb.2)
    }

    /// WCAG contrast ratio of two luminances, 1 to 21.
    static func contrast(_ first: Double, _ second: Double) -> Double {
        (max(first, second) + 0.05) / (min(first, second) + 0.05)
    }
}
