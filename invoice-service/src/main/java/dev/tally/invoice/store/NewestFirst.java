package dev.tally.invoice.store;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A page of a list shown newest first: rows in (create time, id) descending order, filtered, after
 * the row a page token names by its id (the token carries the id only; the row's create time is
 * read back by the query).
 *
 * @param <E> the entity, with {@code createTime} and the id attribute named in the constructor
 */
final class NewestFirst<E> {

    private final Class<E> entity;
    private final String id;
    private final List<String> where = new ArrayList<>();
    private final Map<String, Object> params = new HashMap<>();

    NewestFirst(Class<E> entity, String id) {
        this.entity = entity;
        this.id = id;
    }

    /** A condition on the row {@code e}, e.g. {@code e.status = :status}, with its one parameter. */
    NewestFirst<E> where(String condition, String parameter, Object value) {
        where.add(condition);
        params.put(parameter, value);
        return this;
    }

    /** A condition on the row {@code e} with several parameters. */
    NewestFirst<E> where(String condition, Map<String, Object> parameters) {
        where.add(condition);
        params.putAll(parameters);
        return this;
    }

    /** {@link #where}, only when {@code value} is not null (a filter left empty). */
    NewestFirst<E> whereSet(String condition, String parameter, Object value) {
        return value == null ? this : where(condition, parameter, value);
    }

    /** Up to {@code limit} rows after the row {@code afterId} (null: from the newest). */
    Uni<List<E>> after(String afterId, int limit) {
        String name = entity.getSimpleName();
        List<String> conditions = new ArrayList<>(where);
        Map<String, Object> values = new HashMap<>(params);
        if (afterId != null) {
            String afterTime = "(select a.createTime from " + name + " a where a." + id + " = :after)";
            conditions.add("(e.createTime < " + afterTime + " or (e.createTime = " + afterTime + " and e." + id
                    + " < :after))");
            values.put("after", afterId);
        }
        String hql = "from " + name + " e" + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
                + " order by e.createTime desc, e." + id + " desc";
        return NativeSql.session().flatMap(session -> {
            var query = session.createSelectionQuery(hql, entity).setMaxResults(limit);
            values.forEach(query::setParameter);
            return query.getResultList();
        });
    }
}
