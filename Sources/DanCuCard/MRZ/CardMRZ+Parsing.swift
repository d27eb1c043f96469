public import DanCuCore

extension CardMRZ {
    /// Reads an MRZ: three lines of 30 (separated by line breaks, or run together as 90 characters).
    /// Every check digit is verified, and so is every fixed part of the VNM layout. A refusal names the
    /// field at fault.
    public init(parsing text: String) throws(CardTextError) {
        let compact = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined()
        guard compact.utf8.count == 3 * Self.width, compact.count == 3 * Self.width else {
            throw CardTextError(field: "mrz", detail: "a TD1 MRZ has three lines of 30 characters")
        }
        guard MRZCheckDigit.isMRZ(compact) else {
            throw CardTextError(field: "mrz", detail: "only A–Z, 0–9 and < may appear in an MRZ")
        }
        let chars = Array(compact)
        func slice(_ from: Int, _ to: Int) -> String { String(chars[from..<to]) }
        let line1 = slice(0, 30)
        let line2 = slice(30, 60)
        let line3 = slice(60, 90)
        func verify(_ field: String, _ value: String, digitAt index: Int) throws(CardTextError) {
            guard MRZCheckDigit.of(value) == chars[index] else {
                throw CardTextError(field: field, detail: "check digit \(chars[index]) does not match \(value)")
            }
        }

        guard slice(0, 2) == "ID" else { throw CardTextError(field: "documentCode", detail: "expected ID, found \(slice(0, 2))") }
        guard slice(2, 5) == "VNM" else { throw CardTextError(field: "issuingState", detail: "expected VNM, found \(slice(2, 5))") }
        let documentNumber = slice(5, 14)
        try verify("documentNumber", documentNumber, digitAt: 14)
        let numberText = slice(15, 27)
        let number: PersonalNumber
        do { number = try PersonalNumber(numberText) } catch {
            throw CardTextError(field: "personalNumber", detail: error.description)
        }
        guard slice(27, 29) == "<<" else { throw CardTextError(field: "optionalData", detail: "expected << after the personal number") }
        try verify("personalNumber", numberText, digitAt: 29)
        guard numberText.hasSuffix(documentNumber) else {
            throw CardTextError(field: "documentNumber", detail: "is not the last nine digits of the personal number")
        }

        let birth = slice(30, 36)
        try verify("dateOfBirth", birth, digitAt: 36)
        try Self.checkDate(birth, field: "dateOfBirth", partialAllowed: true)
        let sex: Sex
        switch chars[37] {
        case "M": sex = .male
        case "F": sex = .female
        default: throw CardTextError(field: "sex", detail: "expected M or F, found \(chars[37])")
        }
        let expiryText = slice(38, 44)
        try verify("expiry", expiryText, digitAt: 44)
        if expiryText != "<<<<<<" { try Self.checkDate(expiryText, field: "expiry", partialAllowed: false) }
        guard slice(45, 48) == "VNM" else { throw CardTextError(field: "nationality", detail: "expected VNM, found \(slice(45, 48))") }
        guard slice(48, 59) == String(repeating: "<", count: 11) else {
            throw CardTextError(field: "optionalData", detail: "line 2 holds no optional data on a VNM card")
        }
        guard MRZCheckDigit.of(Self.compositeInput(line1: line1, line2: line2)) == chars[59] else {
            throw CardTextError(field: "compositeCheckDigit", detail: "does not match the rest of lines 1 and 2")
        }
        guard number.sex == sex else {
            throw CardTextError(field: "sex", detail: "the personal number encodes \(number.sex.rawValue)")
        }
        guard Int(birth.prefix(2)) == number.birthYear % 100 else {
            throw CardTextError(field: "dateOfBirth", detail: "the personal number encodes the birth year \(number.birthYear)")
        }

        guard line3.first != "<", line3.allSatisfy({ $0 == "<" || ("A"..."Z").contains($0) }) else {
            throw CardTextError(field: "name", detail: "the name line holds letters and < only, starting with a letter")
        }
        let name = MRZName.parse(line3[...])
        self.personalNumber = number
        self.dateOfBirth = birth
        self.sex = sex
        self.expiry = expiryText == "<<<<<<" ? nil : expiryText
        self.familyName = name.family
        self.givenNames = name.given
    }

    /// The birth date with its century, which the personal number gives; `<` parts stay unknown.
    public var birthDate: PartialDate? {
        let chars = Array(dateOfBirth)
        let month = Int(String(chars[2..<4]))
        let day = Int(String(chars[4..<6]))
        return try? PartialDate(year: personalNumber.birthYear, month: month, day: month == nil ? nil : day)
    }

    /// The expiry date: cards are issued from the 2000s on.
    public var expiryDate: LocalDate? {
        guard let expiry, let yy = Int(expiry.prefix(2)), let mm = Int(expiry.dropFirst(2).prefix(2)), let dd = Int(expiry.suffix(2)) else {
            return nil
        }
        return try? LocalDate(year: 2000 + yy, month: mm, day: dd)
    }

    static func checkDate(_ text: String, field: String, partialAllowed: Bool) throws(CardTextError) {
        let chars = Array(text)
        let yy = String(chars[0..<2])
        let mm = String(chars[2..<4])
        let dd = String(chars[4..<6])
        guard Int(yy) != nil else { throw CardTextError(field: field, detail: "the year \(yy) is not two digits") }
        if partialAllowed, mm == "<<" {
            guard dd == "<<" else { throw CardTextError(field: field, detail: "a day without a month") }
            return
        }
        guard let m = Int(mm), (1...12).contains(m) else { throw CardTextError(field: field, detail: "month \(mm) is not 01–12") }
        if partialAllowed, dd == "<<" { return }
        guard let d = Int(dd), (1...31).contains(d) else { throw CardTextError(field: field, detail: "day \(dd) is not 01–31") }
    }
}
