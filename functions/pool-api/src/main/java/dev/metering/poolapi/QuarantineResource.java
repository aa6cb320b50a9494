package dev.metering.poolapi;

import dev.metering.store.MeteringStore;
import dev.metering.store.QuarantineStore;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Events that could never be applied, for operators. */
@Path("/v1/quarantine")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class QuarantineResource {

    @Inject
    Caller caller;

    @Inject
    QuarantineStore quarantine;

    @Inject
    CursorCodec cursors;

    @GET
    public Views.QuarantinePage list(@QueryParam("since") String since, @QueryParam("limit") String limit,
                                     @QueryParam("cursor") String cursor) {
        caller.requireAdmin();
        Instant from = Params.instant("since", since);
        int pageSize = Params.limit(limit, 50, 100);
        Instant start = from == null ? Instant.EPOCH : from;
        String scope = "quarantine:" + start;
        MeteringStore.Page<QuarantineStore.Quarantined> page = quarantine.page(start, pageSize, cursors.decode(scope, cursor));
        List<Views.QuarantinedView> events = new ArrayList<>();
        page.items().forEach(q -> events.add(Views.quarantined(q)));
        return new Views.QuarantinePage(events, cursors.encode(scope, page.cursor()));
    }
}
