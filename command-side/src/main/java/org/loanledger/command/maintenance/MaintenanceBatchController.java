package org.loanledger.command.maintenance;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.loanledger.command.account.LedgerLimits;
import org.loanledger.command.account.web.AccountRequests;
import org.loanledger.command.web.IdempotencyKeys;
import org.loanledger.shared.integrity.Canonical;
import org.loanledger.support.web.InvalidRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /api/maintenance-batches}: ops freeze (or lift) many accounts for {@code SYSTEM_MAINTENANCE} in one
 * request. Each account gets its own events, tagged with the batch id, and its explanation says the customer did
 * nothing wrong. The batch is accepted (202) and applied in the background; its progress can be read back.
 */
@RestController
@RequestMapping(path = "/api/maintenance-batches", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class MaintenanceBatchController {

    private final MaintenanceBatches batches;
    private final LedgerLimits limits;

    public MaintenanceBatchController(MaintenanceBatches batches, LedgerLimits limits) {
        this.batches = batches;
        this.limits = limits;
    }

    public enum Action { FREEZE, LIFT }

    public record Batch(@Pattern(regexp = AccountRequests.ID, message = AccountRequests.ID_MESSAGE) String batchId,
                        @NotEmpty @Size(max = MaintenanceBatches.MAX_ACCOUNTS) List<@NotNull @Pattern(regexp = AccountRequests.ID,
                                message = AccountRequests.ID_MESSAGE) String> accountIds,
                        @NotNull Action action,
                        @NotBlank @Size(max = AccountRequests.NOTE_MAX) String note) {
    }

    public record Accepted(String batchId, Action action, int accounts) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Accepted> submit(Principal caller,
                                           @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String key,
                                           @Valid @RequestBody Batch request) {
        String requestId = IdempotencyKeys.require(key);
        // Each account would refuse the note in the background; refuse the batch now instead of accepting a batch
        // that can apply to no account.
        if (request.note().length() > limits.maxNoteLength()) {
            throw new InvalidRequestException("note is longer than " + limits.maxNoteLength() + " characters");
        }
        String batchId = request.batchId() != null ? request.batchId()
                : "mb-" + Canonical.sha256(caller.getName() + '\n' + requestId).substring(0, 20);
        List<String> accounts = request.accountIds().stream().distinct().toList();
        batches.start(batchId, request.action(), accounts, request.note(), caller.getName());
        return ResponseEntity.accepted().body(new Accepted(batchId, request.action(), accounts.size()));
    }

    @GetMapping("/{batchId}")
    public Map<String, Object> progress(@PathVariable String batchId) {
        return batches.progress(AccountRequests.requireId("batchId", batchId))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no maintenance batch " + batchId + " has run since this service started"));
    }
}
