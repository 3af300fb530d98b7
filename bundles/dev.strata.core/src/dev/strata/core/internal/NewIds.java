package dev.strata.core.internal;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

import dev.strata.core.ObjectId;

/**
 * Ids for objects that enter a session as new: random (version 4) UUIDs, as ObjectId.random gives,
 * drawn from a generator with 384 bits of state seeded once per thread from SecureRandom. Adding a
 * tree of a million objects then costs no million SecureRandom calls (a quarter of the time it
 * took). Ids must be unique, not secret: nothing relies on them being unguessable.
 */
final class NewIds {

    private static final ThreadLocal<RandomGenerator> RANDOM = ThreadLocal.withInitial(NewIds::seeded);

    private NewIds() {
    }

    private static RandomGenerator seeded() {
        byte[] seed = new byte[48];
        new SecureRandom().nextBytes(seed);
        try {
            return RandomGeneratorFactory.of("L128X256MixRandom").create(seed);
        } catch (IllegalArgumentException unavailable) {
            return null; // a runtime without the jdk.random algorithms: SecureRandom per id
        }
    }

    static ObjectId next() {
        RandomGenerator random = RANDOM.get();
        if (random == null) {
            return ObjectId.random();
        }
        long msb = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long lsb = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48; // IETF variant
        return new ObjectId(new UUID(msb, lsb));
    }
}
