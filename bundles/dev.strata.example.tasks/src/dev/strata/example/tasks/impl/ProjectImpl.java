/**
 * SPDX-License-Identifier: EPL-2.0
 */
package dev.strata.example.tasks.impl;

import dev.strata.core.StrataObject;
import dev.strata.example.tasks.Coordinator;
import dev.strata.example.tasks.Project;
import dev.strata.example.tasks.Tag;
import dev.strata.example.tasks.Task;
import dev.strata.example.tasks.TasksPackage;

import java.util.Collection;

import org.eclipse.emf.common.notify.Notification;
import org.eclipse.emf.common.notify.NotificationChain;

import org.eclipse.emf.common.util.EList;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.InternalEObject;

import org.eclipse.emf.ecore.impl.ENotificationImpl;
import org.eclipse.emf.ecore.impl.MinimalEObjectImpl;

import org.eclipse.emf.ecore.util.EObjectContainmentEList;
import org.eclipse.emf.ecore.util.InternalEList;

/**
 * <!-- begin-user-doc -->
 * An implementation of the model object '<em><b>Project</b></em>'.
 * <!-- end-user-doc -->
 * <p>
 * The following features are implemented:
 * </p>
 * <ul>
 *   <li>{@link dev.strata.example.tasks.impl.ProjectImpl#getName <em>Name</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.ProjectImpl#getDescription <em>Description</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.ProjectImpl#getTasks <em>Tasks</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.ProjectImpl#getCoordinators <em>Coordinators</em>}</li>
 *   <li>{@link dev.strata.example.tasks.impl.ProjectImpl#getTags <em>Tags</em>}</li>
 * </ul>
 *
 * @generated
 */
public class ProjectImpl extends StrataObject implements Project {
	/**
	 * The default value of the '{@link #getName() <em>Name</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getName()
	 * @generated
	 * @ordered
	 */
	protected static final String NAME_EDEFAULT = null;

	/**
	 * The default value of the '{@link #getDescription() <em>Description</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @see #getDescription()
	 * @generated
	 * @ordered
	 */
	protected static final String DESCRIPTION_EDEFAULT = null;

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	protected ProjectImpl() {
		super();
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	protected EClass eStaticClass() {
		return TasksPackage.Literals.PROJECT;
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	protected int eStaticFeatureCount() {
		return 0;
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public String getName() {
		return (String)eDynamicGet(TasksPackage.PROJECT__NAME, TasksPackage.Literals.PROJECT__NAME, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setName(String newName) {
		eDynamicSet(TasksPackage.PROJECT__NAME, TasksPackage.Literals.PROJECT__NAME, newName);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public String getDescription() {
		return (String)eDynamicGet(TasksPackage.PROJECT__DESCRIPTION, TasksPackage.Literals.PROJECT__DESCRIPTION, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void setDescription(String newDescription) {
		eDynamicSet(TasksPackage.PROJECT__DESCRIPTION, TasksPackage.Literals.PROJECT__DESCRIPTION, newDescription);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public EList<Task> getTasks() {
		return (EList<Task>)eDynamicGet(TasksPackage.PROJECT__TASKS, TasksPackage.Literals.PROJECT__TASKS, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public EList<Coordinator> getCoordinators() {
		return (EList<Coordinator>)eDynamicGet(TasksPackage.PROJECT__COORDINATORS, TasksPackage.Literals.PROJECT__COORDINATORS, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public EList<Tag> getTags() {
		return (EList<Tag>)eDynamicGet(TasksPackage.PROJECT__TAGS, TasksPackage.Literals.PROJECT__TAGS, true, true);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public NotificationChain eInverseRemove(InternalEObject otherEnd, int featureID, NotificationChain msgs) {
		switch (featureID) {
			case TasksPackage.PROJECT__TASKS:
				return ((InternalEList<?>)getTasks()).basicRemove(otherEnd, msgs);
			case TasksPackage.PROJECT__COORDINATORS:
				return ((InternalEList<?>)getCoordinators()).basicRemove(otherEnd, msgs);
			case TasksPackage.PROJECT__TAGS:
				return ((InternalEList<?>)getTags()).basicRemove(otherEnd, msgs);
		}
		return super.eInverseRemove(otherEnd, featureID, msgs);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public Object eGet(int featureID, boolean resolve, boolean coreType) {
		switch (featureID) {
			case TasksPackage.PROJECT__NAME:
				return getName();
			case TasksPackage.PROJECT__DESCRIPTION:
				return getDescription();
			case TasksPackage.PROJECT__TASKS:
				return getTasks();
			case TasksPackage.PROJECT__COORDINATORS:
				return getCoordinators();
			case TasksPackage.PROJECT__TAGS:
				return getTags();
		}
		return super.eGet(featureID, resolve, coreType);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@SuppressWarnings("unchecked")
	@Override
	public void eSet(int featureID, Object newValue) {
		switch (featureID) {
			case TasksPackage.PROJECT__NAME:
				setName((String)newValue);
				return;
			case TasksPackage.PROJECT__DESCRIPTION:
				setDescription((String)newValue);
				return;
			case TasksPackage.PROJECT__TASKS:
				getTasks().clear();
				getTasks().addAll((Collection<? extends Task>)newValue);
				return;
			case TasksPackage.PROJECT__COORDINATORS:
				getCoordinators().clear();
				getCoordinators().addAll((Collection<? extends Coordinator>)newValue);
				return;
			case TasksPackage.PROJECT__TAGS:
				getTags().clear();
				getTags().addAll((Collection<? extends Tag>)newValue);
				return;
		}
		super.eSet(featureID, newValue);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public void eUnset(int featureID) {
		switch (featureID) {
			case TasksPackage.PROJECT__NAME:
				setName(NAME_EDEFAULT);
				return;
			case TasksPackage.PROJECT__DESCRIPTION:
				setDescription(DESCRIPTION_EDEFAULT);
				return;
			case TasksPackage.PROJECT__TASKS:
				getTasks().clear();
				return;
			case TasksPackage.PROJECT__COORDINATORS:
				getCoordinators().clear();
				return;
			case TasksPackage.PROJECT__TAGS:
				getTags().clear();
				return;
		}
		super.eUnset(featureID);
	}

	/**
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @generated
	 */
	@Override
	public boolean eIsSet(int featureID) {
		switch (featureID) {
			case TasksPackage.PROJECT__NAME:
				return NAME_EDEFAULT == null ? getName() != null : !NAME_EDEFAULT.equals(getName());
			case TasksPackage.PROJECT__DESCRIPTION:
				return DESCRIPTION_EDEFAULT == null ? getDescription() != null : !DESCRIPTION_EDEFAULT.equals(getDescription());
			case TasksPackage.PROJECT__TASKS:
				return !getTasks().isEmpty();
			case TasksPackage.PROJECT__COORDINATORS:
				return !getCoordinators().isEmpty();
			case TasksPackage.PROJECT__TAGS:
				return !getTags().isEmpty();
		}
		return super.eIsSet(featureID);
	}

} //ProjectImpl
