// Reference-only declarations of the members of Microsoft.EnterpriseManagement.Core 7.0.5000.0 that
// Kmp.Scom.Host uses, with the signatures of Microsoft's SDK documentation (the table in
// src/Kmp.Scom.Host/README.md). Bodies are never run: the host binds to the real SDK.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Security;
using System.Xml;
using Microsoft.EnterpriseManagement.Configuration;

namespace Microsoft.EnterpriseManagement
{
    public class Container : IDisposable
    {
        protected Container() { }

        public void Dispose() => throw null;
    }

    public interface IManagementPackStore : IDisposable
    {
    }

    [Serializable]
    public abstract class ManagementPackStore : Container, IManagementPackStore
    {
        protected ManagementPackStore() { }
    }

    public class EnterpriseManagementGroup : ManagementPackStore
    {
        protected EnterpriseManagementGroup() { }

        public IManagementPackManagement ManagementPacks => throw null;
    }

    public interface IManagementPackManagement
    {
        IList<ManagementPack> GetManagementPacks();

        IList<ManagementPack> GetManagementPacks(ManagementPackCriteria criteria);

        IList<ManagementPack> GetDependentManagementPacks(ManagementPack managementPack);

        void ImportManagementPack(ManagementPack managementPack);

        void UninstallManagementPack(ManagementPack managementPack);
    }
}

namespace Microsoft.EnterpriseManagement.Common
{
    public class ConnectionSettings
    {
        protected ConnectionSettings() { }

        public string UserName { get => throw null; set => throw null; }

        public string Domain { get => throw null; set => throw null; }

        public SecureString Password { get => throw null; set => throw null; }
    }
}

namespace Microsoft.EnterpriseManagement.Configuration
{
    [Serializable]
    public class ManagementPack : ManagementPackStore, IDisposable
    {
        public ManagementPack(string filepath, IManagementPackStore storeForReferences) => throw null;

        public string Name => throw null;

        public Version Version => throw null;

        public string DisplayName { get => throw null; set => throw null; }

        public bool Sealed => throw null;

        public string KeyToken => throw null;

        public ManagementPackReferenceCollection References => throw null;

        public ManagementPackElementCollection<ManagementPackClass> GetClasses() => throw null;

        public ManagementPackElementCollection<ManagementPackRule> GetRules() => throw null;

        public ManagementPackElementCollection<ManagementPackMonitor> GetMonitors() => throw null;
    }

    public class ManagementPackCriteria
    {
        public ManagementPackCriteria(string criteria) => throw null;
    }

    [Serializable]
    public class ManagementPackReference
    {
        private ManagementPackReference() { }

        public string Name => throw null;

        public Version Version => throw null;

        public string KeyToken => throw null;
    }

    [Serializable]
    public class ManagementPackReferenceCollection : IDictionary<string, ManagementPackReference>, ICollection<KeyValuePair<string, ManagementPackReference>>, IEnumerable<KeyValuePair<string, ManagementPackReference>>, IEnumerable
    {
        private ManagementPackReferenceCollection() { }

        public ManagementPackReference this[string key] { get => throw null; set => throw null; }

        public ICollection<string> Keys => throw null;

        public ICollection<ManagementPackReference> Values => throw null;

        public int Count => throw null;

        public bool IsReadOnly => throw null;

        public void Add(string key, ManagementPackReference value) => throw null;

        public void Add(KeyValuePair<string, ManagementPackReference> item) => throw null;

        public void Clear() => throw null;

        public bool Contains(KeyValuePair<string, ManagementPackReference> item) => throw null;

        public bool ContainsKey(string key) => throw null;

        public void CopyTo(KeyValuePair<string, ManagementPackReference>[] array, int arrayIndex) => throw null;

        public bool Remove(string key) => throw null;

        public bool Remove(KeyValuePair<string, ManagementPackReference> item) => throw null;

        public bool TryGetValue(string key, out ManagementPackReference value) => throw null;

        IEnumerator<KeyValuePair<string, ManagementPackReference>> IEnumerable<KeyValuePair<string, ManagementPackReference>>.GetEnumerator() => throw null;

        IEnumerator IEnumerable.GetEnumerator() => throw null;
    }

    [Serializable]
    public abstract class ManagementPackElement
    {
        protected ManagementPackElement() { }

        public virtual Guid Id => throw null;

        public string Name => throw null;
    }

    [Serializable]
    public class ManagementPackClass : ManagementPackElement
    {
        private ManagementPackClass() { }
    }

    [Serializable]
    public class ManagementPackRule : ManagementPackElement
    {
        private ManagementPackRule() { }
    }

    [Serializable]
    public abstract class ManagementPackMonitor : ManagementPackElement
    {
        protected ManagementPackMonitor() { }
    }

    [Serializable]
    public abstract class ManagementPackItemCollection<T> : IEnumerable<T>, IEnumerable
    {
        protected ManagementPackItemCollection() { }

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => throw null;

        IEnumerator IEnumerable.GetEnumerator() => throw null;
    }

    [Serializable]
    public class ManagementPackElementCollection<T> : ManagementPackItemCollection<T>, IEnumerable<T>, IEnumerable where T : ManagementPackElement
    {
        private ManagementPackElementCollection() { }

        IEnumerator<T> IEnumerable<T>.GetEnumerator() => throw null;

        IEnumerator IEnumerable.GetEnumerator() => throw null;
    }
}

namespace Microsoft.EnterpriseManagement.Configuration.IO
{
    public abstract class ManagementPackWriter
    {
        protected ManagementPackWriter() { }

        public abstract string WriteManagementPack(ManagementPack mp);
    }

    public class ManagementPackXmlWriter : ManagementPackWriter
    {
        public ManagementPackXmlWriter(XmlWriter w) => throw null;

        public override string WriteManagementPack(ManagementPack mp) => throw null;
    }
}
