package dev.metering.store.item;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A stored value as a key: equal to another exactly when the SDK says so, but hashed and compared
 * through strings, numbers, lists and maps alone (the SDK's own comparison looks at every kind a
 * value could be, at every level), for the documents a {@link Memo} is asked about.
 */
record StoredForm(AttributeValue value, int hash) {

    static StoredForm of(AttributeValue value) {
        return new StoredForm(value, hash(value));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredForm that && hash == that.hash && same(value, that.value);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    private static int hash(AttributeValue v) {
        if (v.s() != null) {
            return v.s().hashCode();
        }
        if (v.n() != null) {
            return 31 * v.n().hashCode() + 1;
        }
        if (v.bool() != null) {
            return v.bool() ? 3 : 5;
        }
        int h = 7;
        if (v.hasL()) {
            for (AttributeValue item : v.l()) {
                h = 31 * h + hash(item);
            }
        }
        if (v.hasM()) {
            int entries = 0;
            for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                entries += e.getKey().hashCode() ^ hash(e.getValue());
            }
            h = 31 * h + entries;
        }
        return h;
    }

    private static boolean same(AttributeValue a, AttributeValue b) {
        if (a.s() != null) {
            return a.s().equals(b.s());
        }
        if (a.n() != null) {
            return a.n().equals(b.n());
        }
        if (a.hasL()) {
            if (!b.hasL() || a.l().size() != b.l().size()) {
                return false;
            }
            List<AttributeValue> x = a.l();
            List<AttributeValue> y = b.l();
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.hasM()) {
            if (!b.hasM() || a.m().size() != b.m().size()) {
                return false;
            }
            for (Map.Entry<String, AttributeValue> e : a.m().entrySet()) {
                AttributeValue other = b.m().get(e.getKey());
                if (other == null || !same(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        // Any other kind: the SDK's own comparison.
        return a.equals(b);
    }
}
