package dev.metering.hello;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Answers any event with a greeting: nothing to initialise, so its start is the framework's alone. */
public class HelloLambda implements RequestHandler<Map<String, Object>, Map<String, String>> {

    @Override
    public Map<String, String> handleRequest(Map<String, Object> event, Context context) {
        return Map.of("greeting", "hello", "requestId", context.getAwsRequestId());
    }
}
