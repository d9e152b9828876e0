#!/usr/bin/env python3
"""Writes Java stub skeletons from upstream-signatures.tsv for the types/members listed in a spec file.
Spec lines: FQCN [regex]   (members of FQCN whose "kind name" matches regex; no regex = type only)."""
import re, sys, os, collections
tsv, spec, out = sys.argv[1], sys.argv[2], sys.argv[3]
types, members = {}, collections.defaultdict(list)
for l in open(tsv, encoding='utf-8'):
    if l.startswith('#') or not l.strip(): continue
    f, k, s = l.rstrip('\n').split('\t', 2)
    if k == 'type': types[f] = s
    else: members[f].append((k, s))
want = collections.OrderedDict()
for l in open(spec):
    l = l.split('#')[0].strip()
    if not l: continue
    parts = l.split(None, 1)
    want.setdefault(parts[0], [])
    if len(parts) > 1: want[parts[0]].append(parts[1])

def split_top(s, sep):
    out, depth, cur, i = [], 0, '', 0
    while i < len(s):
        c = s[i]
        if c == '<': depth += 1
        if c == '>': depth -= 1
        if depth == 0 and s.startswith(sep, i):
            out.append(cur); cur = ''; i += len(sep); continue
        cur += c; i += 1
    out.append(cur)
    return out

def raw(t): return re.sub(r'<.*', '', t).strip()
# Upstream supertypes from packages the signature list does not emit: declared as empty stand-ins in src/outside/java
# (not checked, no members) so that every checked type lists exactly upstream's supertypes.
OUTSIDE = {'jenkins.util.io.OnMaster', 'hudson.search.SearchableModelObject', 'jenkins.widgets.HasWidgets',
           'jenkins.console.WithConsoleUrl', 'jenkins.agents.ControllerToAgentFileCallable', 'org.jenkins.ui.icon.IconSpec',
           # used only by ../jenkins-test-stubs (workflow-job's supertypes), stand-ins in its src/outside/java
           'jenkins.triggers.SCMTriggerItem', 'jenkins.triggers.TriggeredItem',
           'org.jvnet.hudson.reactor.Milestone'}
# Real artifacts from Maven Central that stubbed signatures may name: JUnit 4 (jenkins-test-harness's JenkinsRule is a
# MethodRule and TestRule; junit:junit 4.13.2 as the harness uses) and spring-security-core (Authentication,
# UsernameNotFoundException), besides the JDK, Guava, servlet, Jakarta Mail (Mailer.DescriptorImpl.createSession) and localizer.
REAL = ('java.', 'com.google.', 'jakarta.servlet.', 'jakarta.mail.', 'org.jvnet.localizer.', 'org.junit.', 'org.springframework.')
def known(t):
    r = raw(t)
    return r in types or r in OUTSIDE or r.startswith(REAL) or '.' not in r or r.startswith('jakarta.servlet') or r.startswith('edu.umd')

# close over supertypes and outer types
def supers(f):
    s = types[f]; s = s.split(' [')[0]
    a = split_top(s, ' implements ')
    impl = split_top(a[1], ', ') if len(a) > 1 else []
    b = split_top(a[0], ' extends ')
    ext = split_top(b[1], ', ') if len(b) > 1 else []
    return b[0], ext, impl
queue = list(want)
while queue:
    f = queue.pop()
    if f not in types: print('NOT UPSTREAM', f); continue
    want.setdefault(f, [])
    head, ext, impl = supers(f)
    for t in ext + impl:
        r = raw(t)
        if r in types and r not in want: queue.append(r)
    # outer type
    o = f.rsplit('.', 1)[0]
    if o in types and o not in want: queue.append(o)

def avail(q):
    if q.startswith(REAL): return True
    return q in want

def default_value(t):
    t = t.strip()
    if t == 'void': return None
    if t == 'boolean': return 'false'
    if t in ('int', 'long', 'short', 'byte', 'double', 'float'): return '0'
    if t == 'char': return "'\\0'"
    return 'null'

MODS = {'abstract','public','protected','private','static','final','default','synchronized','native','strictfp','transient','volatile'}
def parse_member(s):
    toks = s.split(' ')
    mods = []
    while toks and toks[0] in MODS: mods.append(toks.pop(0))
    rest = ' '.join(toks)
    tparams = ''
    if rest.startswith('<'):
        d = 0
        for i, c in enumerate(rest):
            if c == '<': d += 1
            if c == '>':
                d -= 1
                if d == 0: tparams = rest[:i+1]; rest = rest[i+1:].strip(); break
    return mods, tparams, rest

def gen_member(k, s, is_iface, is_annot, cls_simple, enum_self):
    if k == 'field':
        mods, _, rest = parse_member(s)
        typ, name = rest.rsplit(' ', 1)
        if enum_self and raw(typ) == enum_self: return ('ENUM', name)
        if is_iface: return '    %s %s%s;\n' % (' '.join(m for m in mods if m not in ('public','static','final')), typ, ' ' + name + ' = ' + (default_value(typ)))
        init = ' = ' + default_value(typ) if 'final' in mods else ''
        return '    %s %s %s%s;\n' % (' '.join(mods), typ, name, init)
    mods, tparams, rest = parse_member(s)
    dflt = None
    m = re.search(r' default=(.*)$', rest)
    if m: dflt = m.group(1); rest = rest[:m.start()]
    throws = ''
    m = re.search(r'\) throws (.*)$', rest)
    if m: throws = ' throws ' + m.group(1); rest = rest[:m.start()+1]
    pre, params = rest.split('(', 1); params = params[:-1]
    plist = [p.strip() for p in split_top(params, ', ')] if params.strip() else []
    pdecl = ', '.join('%s p%d' % (p, i) for i, p in enumerate(plist))
    if k == 'ctor':
        # Exceptions keep their message and cause, so failures raised through stubs stay readable in tests.
        if super_ctor_matches(plist):
            body = '        super(%s);\n' % ', '.join('p%d' % i for i in range(len(plist)))
        elif SUPER_IS_JDK_THROWABLE[0] and plist in (['String'], ['Throwable'], ['String', 'Throwable']):
            body = '        super(%s);\n' % ', '.join('p%d' % i for i in range(len(plist)))
        else:
            body = ''
        return '    %s %s(%s)%s {\n%s    }\n' % (' '.join(mods), cls_simple, pdecl, throws, body)
    typ, name = pre.rsplit(' ', 1)
    if is_annot:
        d = ''
        if dflt is not None:

            d = ' default ' + dflt
        return '    %s %s()%s;\n' % (typ, name, d)
    head = '    %s %s%s %s(%s)%s' % (' '.join(mods), tparams + ' ' if tparams else '', typ, name, pdecl, throws)
    if 'abstract' in mods: return head + ';\n'
    dv = default_value(typ)
    return head + (' {\n    }\n' if dv is None else ' {\n        return %s;\n    }\n' % dv)

SUPER_IS_JDK_THROWABLE = [False]
CURRENT_SUPER = [None]

def super_ctor_matches(plist):
    # Chain to the superclass constructor with the same parameters (e.g. StepExecution(StepContext)) so state the
    # overrides keep (the context) reaches the subclass.
    sup = CURRENT_SUPER[0]
    if sup is None or sup not in want: return False
    regs = [re.compile(r) for r in want.get(sup, [])]
    for k, ms in members.get(sup, []):
        if k != 'ctor' or not any(r.fullmatch('ctor ' + sup.rsplit('.', 1)[1]) for r in regs): continue
        params = ms.split('(', 1)[1].rsplit(')', 1)[0]
        sl = [x.strip() for x in split_top(params, ', ')] if params.strip() else []
        # A parameter typed by one of the superclass's type variables (Run(JobT)) takes the subclass's argument.
        tvars = set(re.findall(r'[<,]\s*([A-Z]\w*)(?= extends |\s*[,>])', supers(sup)[0]))
        if plist and len(sl) == len(plist) and all(a == b or a in tvars for a, b in zip(sl, plist)): return True
    return False

def gen_type(f, indent=''):
    head, ext, impl = supers(f)
    SUPER_IS_JDK_THROWABLE[0] = any(raw(t) in ('java.io.IOException', 'Exception', 'RuntimeException') for t in ext)
    CURRENT_SUPER[0] = raw(ext[0]) if ext and ' interface ' not in ' ' + head + ' ' else None
    ext = [t for t in ext if known(t)]; impl = [t for t in impl if known(t)]
    s = types[f]
    attrs = re.search(r'\[retention=(\w+)(?: target=([\w,]+))?(?: meta=([\w.,]+))?\]', s)
    is_iface = ' interface ' in ' ' + head + ' ' and '@interface' not in head
    is_annot = '@interface' in head
    is_enum = ' enum ' in ' ' + head + ' '
    simple = f.rsplit('.', 1)[1]
    out = ''
    if attrs:
        out += '@java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.%s)\n' % attrs.group(1)
        if attrs.group(2): out += '@java.lang.annotation.Target({%s})\n' % ', '.join('java.lang.annotation.ElementType.' + t for t in attrs.group(2).split(','))
        # The meta-annotations that make javac write Jenkins' indexes (SezPoz, annotation-indexer).
        if attrs.group(3): out += ''.join('@%s\n' % m for m in attrs.group(3).split(','))
    decl = head
    if ext: decl += ' extends ' + ', '.join(ext)
    if impl: decl += ' implements ' + ', '.join(impl)
    out += decl + ' {\n'
    consts, body = [], ''
    regs = [re.compile(r) for r in want.get(f, [])]
    for k, ms in members.get(f, []):
        name = ms.split('(')[0].split(' ')[-1] if k != 'field' else ms.split(' ')[-1]
        if is_enum and k == 'field' and raw(ms.split(' ')[-2]) == f:
            consts.append(name); continue
        if not any(r.fullmatch(k + ' ' + name) for r in regs): continue
        if not all(avail(q) for q in re.findall(r'\b[a-z]\w*(?:\.\w+)+', ms)): continue
        g = gen_member(k, ms, is_iface, is_annot, simple, f if is_enum else None)
        body += g
    if is_enum: out += '    ' + ', '.join(consts) + ';\n'
    out += body
    for n in sorted(x for x in want if x.rsplit('.', 1)[0] == f):
        out += '\n' + '\n'.join(('    ' + l if l else l) for l in gen_type(n).splitlines()) + '\n'
    out += '}\n'
    return out

for f in want:
    if f not in types: continue
    outer = f.rsplit('.', 1)[0]
    if outer in types: continue
    pkg, simple = f.rsplit('.', 1)
    path = os.path.join(out, pkg.replace('.', '/'), simple + '.java')
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as fh:
        fh.write('package %s;\n\n' % pkg)
        fh.write('/** Stub of upstream {@code %s}: signatures only, see README.md. */\n' % f)
        fh.write(gen_type(f))
print('types', len(want))
