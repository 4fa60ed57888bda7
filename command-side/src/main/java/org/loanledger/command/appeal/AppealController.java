package org.loanledger.command.appeal;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.time.Instant;
import org.loanledger.command.account.AccountCommandDispatcher;
import org.loanledger.command.account.web.AccountRequests;
import org.loanledger.command.account.web.AccountResponses;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.DecideAppealCommand;
import org.loanledger.shared.account.FileAppealCommand;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Filing an appeal against a restriction in force, and ops' decision on it. */
@RestController
@RequestMapping(path = "/api/accounts/{accountId}/appeals", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class AppealController {

    private final AccountCommandDispatcher dispatcher;

    public AppealController(AccountCommandDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @param restrictionSequence the restriction disputed; by default the one that keeps the account from borrowing */
    public record Appeal(@NotBlank @Size(max = AccountRequests.NOTE_MAX) String statement, Long restrictionSequence) {
    }

    public record Decision(@NotNull AppealDecision decision, @NotBlank @Size(max = AccountRequests.NOTE_MAX) String note) {
    }

    public record Filed(String accountId, String appealId, long restrictionSequence, Instant dueBy, long version) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Filed>> file(@PathVariable String accountId, Principal caller,
                                            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
                                            @Valid @RequestBody Appeal request) {
        var command = new FileAppealCommand(AccountRequests.requireAccountId(accountId), request.statement(),
                request.restrictionSequence(), IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(outcome -> ResponseEntity.status(201).body(new Filed(
                outcome.accountId(), outcome.appealed().appealId(), outcome.appealed().restrictionSequence(),
                outcome.appealed().dueBy(), outcome.version())));
    }

    @PostMapping(path = "/{appealId}/decision", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<AccountResponses.AccountView> decide(@PathVariable String accountId, @PathVariable String appealId,
                                                     Principal caller,
                                                     @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
                                                     @Valid @RequestBody Decision request) {
        var command = new DecideAppealCommand(AccountRequests.requireAccountId(accountId),
                AccountRequests.requireId("appealId", appealId), request.decision(), request.note(),
                IdempotencyKeys.require(key));
        return dispatcher.send(command, caller.getName()).map(AccountResponses.AccountView::of);
    }
}
