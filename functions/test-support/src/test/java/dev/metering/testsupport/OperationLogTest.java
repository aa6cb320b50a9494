package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

class OperationLogTest {

    @AfterEach
    void forgetTheRecord() {
        System.clearProperty(OperationLog.RECORD);
    }

    /** As in a module whose tests restart Quarkus: each restart loads its own copy of the class. */
    @Test
    void copiesOfTheClassInTwoLoadersKeepOneRecordAndWriteItWhole(@TempDir Path dir) throws Exception {
        Class<?> first = new ChildFirst().loadClass(OperationLog.class.getName());
        Class<?> second = new ChildFirst().loadClass(OperationLog.class.getName());
        assertThat(first).isNotSameAs(second);

        List<String> actions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            actions.add("dynamodb:Action" + i);
        }
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < actions.size(); i++) {
                Class<?> copy = i % 2 == 0 ? first : second;
                String action = actions.get(i);
                done.add(writers.submit(() -> invoke(copy, "add", String.class, action)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }

        Path file = dir.resolve("dynamodb-operations.txt");
        invoke(second, "write", Path.class, file);
        assertThat(Files.readAllLines(file)).containsExactlyInAnyOrderElementsOf(actions);
    }

    /** IAM grants a secondary index as a resource of its own, so a query of one is named apart from the action. */
    @Test
    void aQueryOfAnIndexIsRecordedWithTheIndexAndAQueryOfTheTableWithout() {
        record(QueryRequest.builder().tableName("t").build(), "Query");
        assertThat(OperationLog.recorded()).containsExactly("dynamodb:Query");

        record(QueryRequest.builder().tableName("t").indexName("gsi2").build(), "Query");
        record(ScanRequest.builder().tableName("t").indexName("gsi1").build(), "Scan");
        assertThat(OperationLog.recorded()).containsExactly("dynamodb:Query", "dynamodb:Scan", "index/gsi1", "index/gsi2");
    }

    @Test
    void aTestsOwnClientIsLeftOut() {
        ExecutionAttributes attributes = attributes("GetItem");
        attributes.putAttribute(OperationLog.TEST_CLIENT, true);
        OperationLog.record(() -> GetItemRequest.builder().tableName("t").build(), attributes);
        assertThat(OperationLog.recorded()).isEmpty();
    }

    private static void record(SdkRequest request, String operation) {
        OperationLog.record(() -> request, attributes(operation));
    }

    private static ExecutionAttributes attributes(String operation) {
        ExecutionAttributes attributes = new ExecutionAttributes();
        attributes.putAttribute(SdkExecutionAttribute.SERVICE_NAME, "DynamoDb");
        attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
        return attributes;
    }

    @Test
    void nothingRecordedWritesNoFile(@TempDir Path dir) {
        Path file = dir.resolve("dynamodb-operations.txt");
        OperationLog.write(file);
        assertThat(file).doesNotExist();
    }

    private static void invoke(Class<?> copy, String name, Class<?> parameter, Object argument) {
        try {
            Method method = copy.getDeclaredMethod(name, parameter);
            method.setAccessible(true);
            method.invoke(null, argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Defines its own copy of {@link OperationLog}; everything else comes from the test's loader. */
    private static final class ChildFirst extends ClassLoader {

        ChildFirst() {
            super(OperationLogTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(OperationLog.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null) {
                    byte[] bytes = bytes(name.replace('.', '/') + ".class");
                    loaded = defineClass(name, bytes, 0, bytes.length);
                }
                return loaded;
            }
        }

        private byte[] bytes(String resource) {
            try (InputStream in = getParent().getResourceAsStream(resource)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
