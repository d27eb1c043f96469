public import DanCuCore

/// What a civil-status officer enters for a newborn. The personal number is allocated by the register.
public struct BirthRegistration: Hashable, Sendable, Codable {
    public var name: VietnameseName
    public var sex: Sex
    public var dateOfBirth: LocalDate
    public var placeOfBirth: Place
    /// Where the birth is registered; its province gives the number's first three digits.
    public var birthRegistrationPlace: Place
    /// For births registered abroad: the three-digit country code of Circular 59/2021 Appendix II.
    public var abroadPlaceCode: String?
    public var placeOfOrigin: Place?
    public var ethnicity: String
    public var religion: Religion
    public var nationality: String
    public var father: PersonReference?
    public var mother: PersonReference?
    public var permanentResidence: Place?
    /// Twins and other children of one pregnancy: a second birth of the same name, date and mother is
    /// then not taken for the first registered again.
    public var multipleBirth: Bool?

    public init(
        name: VietnameseName, sex: Sex, dateOfBirth: LocalDate, placeOfBirth: Place, birthRegistrationPlace: Place,
        abroadPlaceCode: String? = nil, placeOfOrigin: Place? = nil, ethnicity: String = "01",
        religion: Religion = .none, nationality: String = "VNM", father: PersonReference? = nil,
        mother: PersonReference? = nil, permanentResidence: Place? = nil, multipleBirth: Bool? = nil
    ) {
        self.name = name
        self.sex = sex
        self.dateOfBirth = dateOfBirth
        self.placeOfBirth = placeOfBirth
        self.birthRegistrationPlace = birthRegistrationPlace
        self.abroadPlaceCode = abroadPlaceCode
        self.placeOfOrigin = placeOfOrigin
        self.ethnicity = ethnicity
        self.religion = religion
        self.nationality = nationality
        self.father = father
        self.mother = mother
        self.permanentResidence = permanentResidence
        self.multipleBirth = multipleBirth
    }

    /// The number's place code: the registering province's code with a leading zero. Since the 2025
    /// reform each of the 34 provinces keeps the code of one of the provinces it merged, so that code is
    /// used; the codes for newborns after July 2025 are UNCONFIRMED (facts file §3), hence this one place.
    func numberPlaceCode() throws(RegisterError) -> String {
        if birthRegistrationPlace.country != "VNM" {
            guard let code = abroadPlaceCode else {
                throw .invalid([
                    RuleViolation(
                        field: "abroadPlaceCode", rule: "required",
                        detail: "a birth registered abroad needs the country code of Appendix II")
                ])
            }
            return code
        }
        guard let province = birthRegistrationPlace.provinceCode, province.count == 2 else {
            throw .invalid([
                RuleViolation(
                    field: "birthRegistrationPlace.provinceCode", rule: "required",
                    detail: "the province where the birth is registered is required")
            ])
        }
        return "0" + province
    }

    /// The number's prefix, after the parts it is made of are checked: the place of registration exists
    /// (its ward in its province) and the year is one a number can encode.
    func numberPrefix(reference: ReferenceData) throws(RegisterError) -> PersonalNumberPrefix {
        if let problem = PersonValidation.check(birthRegistrationPlace, field: "birthRegistrationPlace", reference: reference) {
            throw .invalid([problem])
        }
        guard (1900...2399).contains(dateOfBirth.year) else {
            throw .invalid([RuleViolation(field: "dateOfBirth", rule: "range", detail: "a personal number encodes births from 1900 to 2399")])
        }
        let place = try numberPlaceCode()
        do {
            return try PersonalNumberPrefix(placeCode: place, sex: sex, birthYear: dateOfBirth.year)
        } catch {
            throw .invalid([
                RuleViolation(
                    field: abroadPlaceCode == nil ? "birthRegistrationPlace.provinceCode" : "abroadPlaceCode",
                    rule: "numberPrefix", detail: error.description)
            ])
        }
    }

    func person(number: PersonalNumber) -> Person {
        Person(
            personalNumber: number, name: name, dateOfBirth: PartialDate(dateOfBirth), sex: sex,
            placeOfBirth: placeOfBirth, birthRegistrationPlace: birthRegistrationPlace, placeOfOrigin: placeOfOrigin,
            ethnicity: ethnicity, religion: religion, nationality: nationality, father: father, mother: mother,
            permanentResidence: permanentResidence.map { Residence(place: $0, since: dateOfBirth) },
            currentResidence: permanentResidence)
    }
}
