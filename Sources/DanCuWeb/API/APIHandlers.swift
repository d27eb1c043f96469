import DanCuAPI
import DanCuCore
import DanCuExchange
import HTTPTypes

/// The one conformer to the generated `APIProtocol`: each operation of openapi.yaml goes to the
/// controller of its capability (`Routes/<Capability>/`), which holds the services it needs and nothing
/// else. Adding an operation to the document makes this type fail to compile until it is handled.
/// A class: the generated server copies its handler into every operation's closure, and a struct of
/// ten controllers cost dozens of retains and releases a request (seen in a profile of card verification).
final class APIHandlers: APIProtocol {
    let health: HealthController
    let auth: AuthController
    let households: HouseholdController
    let accessLog: AccessLogController
    let relyingParties: RelyingPartyController
    let persons: PersonController
    let lifeEvents: LifeEventController
    let cards: CardController
    let eid: EIDController
    let selfService: SelfServiceController
    /// Nil where the installation has no services desk (a harness built without one): its routes answer 503.
    let publicServices: ServicesController?
    /// Nil where the installation measures no quality (a harness built without it): its routes answer 503.
    let quality: QualityController?

    init(_ services: Services) {
        health = HealthController(health: services.health, readiness: services.readiness)
        auth = AuthController(accounts: services.accounts)
        households = HouseholdController(gate: services.gate, presence: PresenceReader(cards: services.cards))
        accessLog = AccessLogController(gate: services.gate)
        relyingParties = RelyingPartyController(gate: services.gate, provider: services.oidc)
        persons = PersonController(gate: services.gate, units: services.reference.units)
        lifeEvents = LifeEventController(gate: services.gate, presence: PresenceReader(cards: services.cards))
        cards = CardController(service: services.cards)
        eid = EIDController(gate: services.gate, service: services.eid, reference: services.reference)
        selfService = SelfServiceController(
            service: services.selfService, accounts: services.accounts, units: services.reference.units, exchange: services.exchange,
            transparency: services.transparency)
        publicServices = services.publicServices.map { ServicesController(desk: $0, selfService: services.selfService, eid: services.eid) }
        quality = services.quality.map(QualityController.init)
    }

    func qualityDesk() throws -> QualityController {
        guard let quality else { throw Problem(.serviceUnavailable, "unavailable", "Unavailable", detail: "this installation measures no data quality") }
        return quality
    }

    // Data quality
    func qualityFigures(_ input: Operations.QualityFigures.Input) async throws -> Operations.QualityFigures.Output {
        try await qualityDesk().qualityFigures(input)
    }
    func duplicateQueue(_ input: Operations.DuplicateQueue.Input) async throws -> Operations.DuplicateQueue.Output {
        try await qualityDesk().duplicateQueue(input)
    }
    func decideDuplicate(_ input: Operations.DecideDuplicate.Input) async throws -> Operations.DecideDuplicate.Output {
        try await qualityDesk().decideDuplicate(input)
    }
    func undoMerge(_ input: Operations.UndoMerge.Input) async throws -> Operations.UndoMerge.Output { try await qualityDesk().undoMerge(input) }

    func services() throws -> ServicesController {
        guard let publicServices else { throw Problem(.serviceUnavailable, "unavailable", "Unavailable", detail: "this installation runs no public services") }
        return publicServices
    }

    // Public services
    func listProcedures(_ input: Operations.ListProcedures.Input) async throws -> Operations.ListProcedures.Output {
        try await services().listProcedures(input)
    }
    func getProcedure(_ input: Operations.GetProcedure.Input) async throws -> Operations.GetProcedure.Output { try await services().getProcedure(input) }
    func myProcedureForm(_ input: Operations.MyProcedureForm.Input) async throws -> Operations.MyProcedureForm.Output {
        try await services().myProcedureForm(input)
    }
    func submitApplication(_ input: Operations.SubmitApplication.Input) async throws -> Operations.SubmitApplication.Output {
        try await services().submitApplication(input)
    }
    func myApplications(_ input: Operations.MyApplications.Input) async throws -> Operations.MyApplications.Output {
        try await services().myApplications(input)
    }
    func myApplication(_ input: Operations.MyApplication.Input) async throws -> Operations.MyApplication.Output { try await services().myApplication(input) }
    func answerSupplement(_ input: Operations.AnswerSupplement.Input) async throws -> Operations.AnswerSupplement.Output {
        try await services().answerSupplement(input)
    }
    func myApplicationAttachment(_ input: Operations.MyApplicationAttachment.Input) async throws -> Operations.MyApplicationAttachment.Output {
        try await services().myApplicationAttachment(input)
    }
    func applicationAttachment(_ input: Operations.ApplicationAttachment.Input) async throws -> Operations.ApplicationAttachment.Output {
        try await services().applicationAttachment(input)
    }
    func serviceFigures(_ input: Operations.ServiceFigures.Input) async throws -> Operations.ServiceFigures.Output {
        try await services().serviceFigures(input)
    }
    func serviceQueue(_ input: Operations.ServiceQueue.Input) async throws -> Operations.ServiceQueue.Output { try await services().serviceQueue(input) }
    func applicationCaseFile(_ input: Operations.ApplicationCaseFile.Input) async throws -> Operations.ApplicationCaseFile.Output {
        try await services().applicationCaseFile(input)
    }
    func decideStep(_ input: Operations.DecideStep.Input) async throws -> Operations.DecideStep.Output { try await services().decideStep(input) }

    // Operations
    func live(_ input: Operations.Live.Input) async throws -> Operations.Live.Output { try await health.live(input) }
    func ready(_ input: Operations.Ready.Input) async throws -> Operations.Ready.Output { try await health.ready(input) }

    // Auth
    func logIn(_ input: Operations.LogIn.Input) async throws -> Operations.LogIn.Output { try await auth.logIn(input) }
    func logOut(_ input: Operations.LogOut.Input) async throws -> Operations.LogOut.Output { try await auth.logOut(input) }
    func currentOfficer(_ input: Operations.CurrentOfficer.Input) async throws -> Operations.CurrentOfficer.Output {
        try await auth.currentOfficer(input)
    }

    // Audit
    func personAccessLog(_ input: Operations.PersonAccessLog.Input) async throws -> Operations.PersonAccessLog.Output {
        try await accessLog.personAccessLog(input)
    }

    // Persons
    func searchPersons(_ input: Operations.SearchPersons.Input) async throws -> Operations.SearchPersons.Output {
        try await persons.searchPersons(input)
    }
    func personHistory(_ input: Operations.PersonHistory.Input) async throws -> Operations.PersonHistory.Output {
        try await persons.personHistory(input)
    }
    func registerBirth(_ input: Operations.RegisterBirth.Input) async throws -> Operations.RegisterBirth.Output {
        try await persons.registerBirth(input)
    }
    func enterPerson(_ input: Operations.EnterPerson.Input) async throws -> Operations.EnterPerson.Output { try await persons.enterPerson(input) }

    // Life events and residence
    func recordLifeEvent(_ input: Operations.RecordLifeEvent.Input) async throws -> Operations.RecordLifeEvent.Output {
        try await lifeEvents.recordLifeEvent(input)
    }
    func registerResidence(_ input: Operations.RegisterResidence.Input) async throws -> Operations.RegisterResidence.Output {
        try await lifeEvents.registerResidence(input)
    }
    func notifyStay(_ input: Operations.NotifyStay.Input) async throws -> Operations.NotifyStay.Output { try await lifeEvents.notifyStay(input) }
    func declareTemporaryAbsence(_ input: Operations.DeclareTemporaryAbsence.Input) async throws -> Operations.DeclareTemporaryAbsence.Output {
        try await lifeEvents.declareTemporaryAbsence(input)
    }

    // Cards and their verification
    func applyForCard(_ input: Operations.ApplyForCard.Input) async throws -> Operations.ApplyForCard.Output { try await cards.applyForCard(input) }
    func personCards(_ input: Operations.PersonCards.Input) async throws -> Operations.PersonCards.Output { try await cards.personCards(input) }
    func readCard(_ input: Operations.ReadCard.Input) async throws -> Operations.ReadCard.Output { try await cards.readCard(input) }
    func recordCardEvent(_ input: Operations.RecordCardEvent.Input) async throws -> Operations.RecordCardEvent.Output {
        try await cards.recordCardEvent(input)
    }
    func readChip(_ input: Operations.ReadChip.Input) async throws -> Operations.ReadChip.Output { try await cards.readChip(input) }
    func verifyCard(_ input: Operations.VerifyCard.Input) async throws -> Operations.VerifyCard.Output { try await cards.verifyCard(input) }

    // eID accounts
    func readEID(_ input: Operations.ReadEID.Input) async throws -> Operations.ReadEID.Output { try await eid.readEID(input) }
    func registerEID(_ input: Operations.RegisterEID.Input) async throws -> Operations.RegisterEID.Output { try await eid.registerEID(input) }
    func raiseEIDLevel(_ input: Operations.RaiseEIDLevel.Input) async throws -> Operations.RaiseEIDLevel.Output { try await eid.raiseEIDLevel(input) }
    func lockEID(_ input: Operations.LockEID.Input) async throws -> Operations.LockEID.Output { try await eid.lockEID(input) }
    func unlockEID(_ input: Operations.UnlockEID.Input) async throws -> Operations.UnlockEID.Output { try await eid.unlockEID(input) }
    func registerForeignerEID(_ input: Operations.RegisterForeignerEID.Input) async throws -> Operations.RegisterForeignerEID.Output {
        try await eid.registerForeignerEID(input)
    }
    func readForeignerEID(_ input: Operations.ReadForeignerEID.Input) async throws -> Operations.ReadForeignerEID.Output {
        try await eid.readForeignerEID(input)
    }
    func lockForeignerEID(_ input: Operations.LockForeignerEID.Input) async throws -> Operations.LockForeignerEID.Output {
        try await eid.lockForeignerEID(input)
    }
    func unlockForeignerEID(_ input: Operations.UnlockForeignerEID.Input) async throws -> Operations.UnlockForeignerEID.Output {
        try await eid.unlockForeignerEID(input)
    }
    func sendRegistrationCode(_ input: Operations.SendRegistrationCode.Input) async throws -> Operations.SendRegistrationCode.Output {
        try await eid.sendRegistrationCode(input)
    }
    func registerOnline(_ input: Operations.RegisterOnline.Input) async throws -> Operations.RegisterOnline.Output { try await eid.registerOnline(input) }

    // Citizen self-service
    func citizenSignIn(_ input: Operations.CitizenSignIn.Input) async throws -> Operations.CitizenSignIn.Output {
        try await selfService.citizenSignIn(input)
    }
    func citizenSignOut(_ input: Operations.CitizenSignOut.Input) async throws -> Operations.CitizenSignOut.Output {
        try await selfService.citizenSignOut(input)
    }
    func myRecord(_ input: Operations.MyRecord.Input) async throws -> Operations.MyRecord.Output {
        try await selfService.myRecord(input)
    }
    func myAccount(_ input: Operations.MyAccount.Input) async throws -> Operations.MyAccount.Output {
        try await selfService.myAccount(input)
    }
    func myConsents(_ input: Operations.MyConsents.Input) async throws -> Operations.MyConsents.Output {
        try await selfService.myConsents(input)
    }
    func withdrawMyConsent(_ input: Operations.WithdrawMyConsent.Input) async throws -> Operations.WithdrawMyConsent.Output {
        try await selfService.withdrawMyConsent(input)
    }
    func myExchangeConsents(_ input: Operations.MyExchangeConsents.Input) async throws -> Operations.MyExchangeConsents.Output {
        try await selfService.myExchangeConsents(input)
    }
    func giveExchangeConsent(_ input: Operations.GiveExchangeConsent.Input) async throws -> Operations.GiveExchangeConsent.Output {
        try await selfService.giveExchangeConsent(input)
    }
    func myLinkedRecords(_ input: Operations.MyLinkedRecords.Input) async throws -> Operations.MyLinkedRecords.Output {
        try await selfService.myLinkedRecords(input)
    }
    func withdrawExchangeConsent(_ input: Operations.WithdrawExchangeConsent.Input) async throws -> Operations.WithdrawExchangeConsent.Output {
        try await selfService.withdrawExchangeConsent(input)
    }
    func mySignIns(_ input: Operations.MySignIns.Input) async throws -> Operations.MySignIns.Output {
        try await selfService.mySignIns(input)
    }
    func myAccessLog(_ input: Operations.MyAccessLog.Input) async throws -> Operations.MyAccessLog.Output {
        try await selfService.myAccessLog(input)
    }
    func endMySessions(_ input: Operations.EndMySessions.Input) async throws -> Operations.EndMySessions.Output {
        try await selfService.endMySessions(input)
    }
    func addMyAuthenticator(_ input: Operations.AddMyAuthenticator.Input) async throws -> Operations.AddMyAuthenticator.Output {
        try await selfService.addMyAuthenticator(input)
    }
    func registerMyOrganisation(_ input: Operations.RegisterMyOrganisation.Input) async throws -> Operations.RegisterMyOrganisation.Output {
        try await selfService.registerMyOrganisation(input)
    }
    func lockMyEID(_ input: Operations.LockMyEID.Input) async throws -> Operations.LockMyEID.Output {
        try await selfService.lockMyEID(input)
    }
    func unlockMyEID(_ input: Operations.UnlockMyEID.Input) async throws -> Operations.UnlockMyEID.Output {
        try await selfService.unlockMyEID(input)
    }
    func myResidenceCard(_ input: Operations.MyResidenceCard.Input) async throws -> Operations.MyResidenceCard.Output {
        try await selfService.myResidenceCard(input)
    }

    // Households
    func createHousehold(_ input: Operations.CreateHousehold.Input) async throws -> Operations.CreateHousehold.Output {
        try await households.createHousehold(input)
    }
    func readHousehold(_ input: Operations.ReadHousehold.Input) async throws -> Operations.ReadHousehold.Output {
        try await households.readHousehold(input)
    }
    func addHouseholdMember(_ input: Operations.AddHouseholdMember.Input) async throws -> Operations.AddHouseholdMember.Output {
        try await households.addHouseholdMember(input)
    }
    func removeHouseholdMember(_ input: Operations.RemoveHouseholdMember.Input) async throws -> Operations.RemoveHouseholdMember.Output {
        try await households.removeHouseholdMember(input)
    }
    func changeHouseholdHead(_ input: Operations.ChangeHouseholdHead.Input) async throws -> Operations.ChangeHouseholdHead.Output {
        try await households.changeHouseholdHead(input)
    }

    // Administration
    func registerRelyingParty(_ input: Operations.RegisterRelyingParty.Input) async throws -> Operations.RegisterRelyingParty.Output {
        try await relyingParties.registerRelyingParty(input)
    }
    func relyingParties(_ input: Operations.RelyingParties.Input) async throws -> Operations.RelyingParties.Output {
        try await relyingParties.relyingParties(input)
    }
    func readRelyingParty(_ input: Operations.ReadRelyingParty.Input) async throws -> Operations.ReadRelyingParty.Output {
        try await relyingParties.readRelyingParty(input)
    }
}
