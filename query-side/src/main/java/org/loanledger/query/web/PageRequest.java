package org.loanledger.query.web;

/**
 * A page of a list as asked for: {@code page} from 0, {@code size} from 1 to {@link #MAX_SIZE}. Lists are bounded so
 * that no query can ask the store for everything at once.
 */
public record PageRequest(int page, int size) {

    /** The largest page any list answers. */
    public static final int MAX_SIZE = 500;

    /** The page size when none is asked for. */
    public static final int DEFAULT_SIZE = 50;

    /** The page asked for by optional query parameters, or a 400 problem when they are out of range. */
    public static PageRequest of(Integer page, Integer size) {
        int pageNumber = page == null ? 0 : page;
        int pageSize = size == null ? DEFAULT_SIZE : size;
        if (pageNumber < 0) {
            throw QueryProblemException.invalid("page must be 0 or more");
        }
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw QueryProblemException.invalid("size must be between 1 and " + MAX_SIZE);
        }
        return new PageRequest(pageNumber, pageSize);
    }
}
