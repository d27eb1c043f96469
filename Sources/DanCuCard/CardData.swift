public import DanCuCore

/// What a card shows and holds for a person, made from the register's record: the MRZ, DG13 and the
/// QR payload. A card is made from the record as it is on the day of issue.
public struct CardData: Equatable, Sendable {
    public let mrz: CardMRZ
    public let dg13: DataGroup13
    public let qr: CardQRCode
    public let expiry: LocalDate?
    public let carriesFaceImage: Bool

    public init(person: Person, issuedOn: LocalDate, reference: ReferenceData) {
        let expiry = CardValidity.expiry(born: person.dateOfBirth, issuedOn: issuedOn)
        self.expiry = expiry
        carriesFaceImage = CardValidity.carriesFaceImage(born: person.dateOfBirth, on: issuedOn)
        mrz = CardMRZ(
            personalNumber: person.personalNumber, name: person.name, dateOfBirth: person.dateOfBirth, sex: person.sex,
            expiry: expiry)
        let residence = Self.text(person.currentResidence ?? person.permanentResidence?.place, reference: reference)
        dg13 = DataGroup13(
            personalNumber: person.personalNumber.rawValue, fullName: person.name.fullName,
            dateOfBirth: DataGroup13.text(person.dateOfBirth), sex: person.sex.vietnamese,
            nationality: reference.nationality(person.nationality)?.vietnameseName ?? person.nationality,
            ethnicity: reference.ethnicity(person.ethnicity)?.name ?? person.ethnicity, religion: person.religion.vietnamese,
            placeOfOrigin: Self.text(person.placeOfOrigin, reference: reference), residence: residence, identifyingMarks: "",
            issuedOn: DataGroup13.text(PartialDate(issuedOn)),
            expiresOn: expiry.map { DataGroup13.text(PartialDate($0)) } ?? "Không thời hạn",
            fatherName: person.father?.name.fullName ?? "", motherName: person.mother?.name.fullName ?? "",
            spouseName: person.spouse?.name.fullName, legacyIdNumber: person.legacyIdNumber ?? "")
        qr = CardQRCode(
            personalNumber: person.personalNumber, legacyIdNumber: person.legacyIdNumber, fullName: person.name,
            dateOfBirth: person.dateOfBirth, sex: person.sex, residence: residence, issuedOn: issuedOn)
    }

    /// A place as people write it: detail, ward, province (current names; pre-reform codes by their old names).
    static func text(_ place: Place?, reference: ReferenceData) -> String {
        guard let place else { return "" }
        var parts: [String] = []
        if let detail = place.detail, !detail.isEmpty { parts.append(detail) }
        switch place.unitList {
        case .current:
            if let ward = place.wardCode.flatMap(reference.units.ward) { parts.append(ward.name) }
            if let province = place.provinceCode.flatMap(reference.units.province) { parts.append(province.name) }
        case .legacy:
            if let ward = place.wardCode.flatMap(reference.units.legacyWard) { parts.append(ward.name) }
            if let province = place.provinceCode.flatMap(reference.units.legacyProvince) { parts.append(province.name) }
        }
        if place.country != "VNM" { parts.append(reference.nationality(place.country)?.vietnameseName ?? place.country) }
        return parts.joined(separator: ", ")
    }
}
